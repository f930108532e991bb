import type { ReaperOptions } from '@reaper/core';
import { type ChannelRun, startChannelRun } from '@reaper/core/adapter';
import { type ConfigLike, PLAYWRIGHT, projectRoot } from './support.js';

export type ReaperReporterOptions = Pick<ReaperOptions, 'outputFile' | 'htmlFile'>;

/**
 * `reporter: [['list'], ['@reaper/playwright/reporter', { outputFile: 'reaper-report.json' }]]`:
 * collects what every worker checked into the run's JSON report (and `htmlFile`), and prints the
 * summary line. The run starts at `onBegin`, before Playwright starts any worker (they inherit the
 * results channel and the root); it ends at `onEnd`, after the workers and the web server stopped.
 */
export default class ReaperReporter {
  private run: ChannelRun | undefined;
  /** Tests that ran (not skipped): where none of them ran reaper's fixtures, nothing was checked. */
  private ran = 0;

  private readonly options: ReaperReporterOptions;
  /** The config file's directory: the report's paths and `outputFile` are relative to it. */
  private readonly root: string | undefined;

  constructor(options: ReaperReporterOptions & { configDir?: string } = {}) {
    // Playwright adds its own to every reporter's options: the config's directory, `_mode`, ….
    this.root = options.configDir;
    this.options = Object.fromEntries(
      Object.entries(options).filter(([key]) => key !== 'configDir' && !key.startsWith('_')),
    );
  }

  onBegin(config: ConfigLike): void {
    this.run = startChannelRun({
      runner: PLAYWRIGHT,
      options: this.options,
      source: '@reaper/playwright/reporter',
      root: this.root ?? projectRoot(config),
      // On Ctrl-C Playwright cuts the running test and still tears it down (reaper's checks run),
      // then ends its workers and the run: the guard waits for a second signal.
      patientOnInterrupt: true,
      // The test files use Playwright's own `test` (the fixtures file, or each file's import).
      unused:
        "Import `test` from '@reaper/playwright' instead of '@playwright/test', or add `reaperFixtures` to the project's own test (`base.extend(reaperFixtures)`).",
    });
  }

  onTestEnd(_test: unknown, result: { status: string }): void {
    if (result.status !== 'skipped') this.ran++;
  }

  onEnd(): { status: 'failed' } | undefined {
    if (!this.run) return undefined;
    const error = this.run.finish(this.ran);
    return error ? { status: 'failed' } : undefined;
  }

  printsToStdio(): boolean {
    return false;
  }
}
