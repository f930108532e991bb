import { join } from 'node:path';
import {
  buildReport,
  formatSummary,
  guardRun,
  isPlatformSupported,
  type ReaperOptions,
  type ResolvedOptions,
  resolveOptions,
  writeReport,
} from '@reaper/core';
import { closeChannel, openChannel, ROOT_DIR_VAR, readChannel } from './channel.js';

export type ReaperReporterOptions = Pick<ReaperOptions, 'outputFile'>;

interface GlobalConfigLike {
  rootDir: string;
}

/**
 * `reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]]`.
 * Collects every worker's per-scope results into one JSON report (written atomically at the end of
 * the run) and prints a one-line summary.
 */
export default class ReaperReporter {
  private readonly options: ResolvedOptions;
  /** Epoch ms: the reporter is built as the run starts. */
  private readonly startedAt = Date.now();
  private readonly rootDir: string;
  private readonly dir: string;

  constructor(globalConfig: GlobalConfigLike, reporterOptions: ReaperReporterOptions = {}) {
    this.options = resolveOptions(reporterOptions ?? {}, { source: '@reaper/jest/reporter' });
    this.rootDir = globalConfig.rootDir;
    // Workers are started after reporters are built, so they inherit both.
    this.dir = openChannel();
    // Ctrl-C or a CI cancel reaching Jest's main process: what the run's workers and tests left
    // running is ended before Jest goes (workers may never see the signal).
    if (this.options.mode !== 'off' && isPlatformSupported()) guardRun();
    process.env[ROOT_DIR_VAR] = this.rootDir;
  }

  onRunComplete(): void {
    const results = readChannel(this.dir);
    closeChannel(this.dir);
    if (this.options.mode === 'off') return;
    const report = buildReport('jest', results, { startedAt: this.startedAt, endedAt: Date.now() });
    // Under `reaper run`, the gate merges this run's per-test entries into its own report.
    const runDir = process.env.REAPER_RUN_DIR;
    if (runDir) writeReport(join(runDir, `jest-${process.pid}-${Date.now()}.json`), report);
    if (this.options.outputFile) {
      const written = writeReport(this.options.outputFile, report, this.rootDir);
      process.stderr.write(`${formatSummary(report.entries)}; report: ${written}\n`);
    } else if (report.entries.length > 0) {
      process.stderr.write(`${formatSummary(report.entries)}\n`);
    }
  }

  getLastError(): Error | undefined {
    return undefined;
  }
}
