import type { ReaperOptions } from '@reaper/core';
import { type ChannelRun, startChannelRun } from '@reaper/core/adapter';
import { JEST } from './support.js';

export type ReaperReporterOptions = Pick<ReaperOptions, 'outputFile' | 'htmlFile'>;

interface GlobalConfigLike {
  rootDir: string;
}

/** What reaper reads of Jest's results at the end of a run. */
interface AggregatedResultLike {
  numTotalTests: number;
  numPendingTests: number;
  numTodoTests?: number;
}

/**
 * `reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]]`.
 * Collects every worker's per-scope results into one JSON report (written atomically at the end of
 * the run) and prints a one-line summary. A report that cannot be written fails the run.
 */
export default class ReaperReporter {
  private readonly run: ChannelRun;
  private error: Error | undefined;

  constructor(globalConfig: GlobalConfigLike, reporterOptions: ReaperReporterOptions = {}) {
    // Workers are started after reporters are built, so they inherit the channel and the root.
    this.run = startChannelRun({
      runner: JEST,
      options: reporterOptions ?? {},
      source: '@reaper/jest/reporter',
      root: globalConfig.rootDir,
      unused:
        "List '@reaper/jest/setup' in `setupFilesAfterEnv` (or a file of yours that calls `installReaper`): the reporter alone checks nothing.",
    });
  }

  onRunComplete(_contexts: unknown, results?: AggregatedResultLike): void {
    const ran = results
      ? results.numTotalTests - results.numPendingTests - (results.numTodoTests ?? 0)
      : undefined;
    this.error = this.run.finish(ran);
  }

  getLastError(): Error | undefined {
    return this.error;
  }
}
