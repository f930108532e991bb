import { mkdirSync } from 'node:fs';
import type { ReaperOptions, ScopeResult, UnfinishedFile } from '@reaper/core';
import {
  checkRunnerVersion,
  drainResultsChannel,
  INTERNAL_VARS,
  openResultsChannel,
  type Run,
  readResultsChannel,
  resolveOptions,
  startRun,
} from '@reaper/core/adapter';
import { VITEST } from './support.js';

/** The report files; `mode` only for `'off'`, which makes the report a `skipped` one. */
export type ReaperReporterOptions = Pick<ReaperOptions, 'outputFile' | 'htmlFile' | 'mode'>;

type Meta = { reaper?: ScopeResult[] };
/** A reported test, suite or module: `meta()`, or (Vitest 3.0's suites and modules) `task.meta`. */
interface Metaful {
  meta?: () => Meta;
  task?: { meta?: Meta };
}
interface TestModuleLike extends Metaful {
  children: { allTests(): Iterable<Metaful>; allSuites(): Iterable<Metaful> };
}

const SOURCE = '@reaper/vitest/reporter';

/** What the workers sent on the results channel. */
type Sent = { results: readonly ScopeResult[]; unfinished: readonly UnfinishedFile[] };
const NOTHING_SENT: Sent = { results: [], unfinished: [] };

/**
 * `reporters: ['default', ['@reaper/vitest/reporter', { outputFile }]]` (the plugin adds it).
 * Collects each test's and suite's result into one JSON report, written atomically at the end of
 * each run (each re-run, in watch mode), and prints a one-line summary. Results come two ways: in
 * `task.meta.reaper`, and on the results channel, which the workers write as they go, so that what
 * a worker checked before it died is still reported (and its file said to be unfinished).
 */
export default class ReaperReporter {
  private readonly options: ReaperReporterOptions;
  private run: Run | undefined;
  private root: string | undefined;
  /** The results channel's directory, named to the workers in the environment. */
  private channel: string | undefined;
  /** A run started and its report is not written yet. */
  private running = false;
  private finished = false;

  constructor(options: ReaperReporterOptions = {}) {
    this.options = options ?? {};
    // Refused here, where Vitest names the reporter that failed, rather than at the end of the run.
    resolveOptions(this.options, { source: SOURCE });
  }

  /** Before any worker starts: they inherit the root (spawn sites are relative to Vitest's) and the channel. */
  onInit(ctx: { config: { root: string } }): void {
    this.root = ctx.config.root;
    this.run = this.startRun();
    // A Vitest reaper will not check (older than 3) may never call the hooks below: the report
    // asked for is written now, `skipped` with the reason, never left to be read as a clean run.
    if (checkRunnerVersion(VITEST, this.root).refused) {
      this.run.finish([]);
      this.finished = true;
      return;
    }
    this.openChannel();
    // Vitest 3 exits at once when a fork dies (an unhandled rejection in its pool), without ending
    // the run: the report is written then, from what the workers sent. First: Vitest's own exit
    // listener calls process.exit(), which skips the listeners after it.
    process.prependOnceListener('exit', () => {
      if (this.running) this.finish([]);
      else if (this.channel) drainResultsChannel(this.channel);
    });
  }

  /** In watch mode every re-run is a run of its own, with its own times, channel and report. */
  onTestRunStart(): void {
    if (this.finished) {
      this.run = this.startRun();
      this.openChannel();
    }
    this.finished = false;
    this.running = true;
  }

  onTestRunEnd(testModules: readonly TestModuleLike[]): void {
    const results: ScopeResult[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) results.push(...resultsOf(test));
      for (const suite of module.children.allSuites()) results.push(...resultsOf(suite));
      results.push(...resultsOf(module));
    }
    this.finish(results);
  }

  /** The report, from the results in meta and those sent on the channel, each once. */
  private finish(fromMeta: readonly ScopeResult[]): void {
    const sent = this.channel ? drainResultsChannel(this.channel) : NOTHING_SENT;
    const seen = new Set(fromMeta.map((result) => JSON.stringify(result)));
    const fromChannel = sent.results.filter((result) => !seen.has(JSON.stringify(result)));
    this.run?.finish({ ...sent, results: [...fromMeta, ...fromChannel] });
    this.running = false;
    this.finished = true;
  }

  /**
   * Ctrl-C or a CI cancel: the run guard ends the workers and writes the report from what they sent
   * so far; Vitest's own exit, which follows, must not write another. Between runs (watch mode,
   * waiting for a change) there is nothing to write and the latest run's report stands.
   */
  private interrupted(): Sent | undefined {
    if (!this.running) return undefined;
    this.running = false;
    return this.channel ? readResultsChannel(this.channel) : NOTHING_SENT;
  }

  /**
   * The first run's channel is reopened at the same path for each re-run: Vitest 3 makes its
   * worker pool once, with the environment of the first run.
   */
  private openChannel(): void {
    if (this.run?.options.mode === 'off') return;
    if (this.channel) {
      try {
        mkdirSync(this.channel);
        process.env[INTERNAL_VARS.results] = this.channel;
        return;
      } catch {
        // Taken meanwhile: a new one, which Vitest 4 and later hand to each run's workers.
      }
    }
    this.channel = openResultsChannel();
  }

  private startRun(): Run {
    return startRun({
      runner: VITEST,
      options: this.options,
      source: SOURCE,
      root: this.root ?? process.cwd(),
      // `mode: 'off'` still replaces the report file asked for, with a `skipped` one.
      checked: () => this.interrupted(),
    });
  }
}

function resultsOf(reported: Metaful): ScopeResult[] {
  const meta = typeof reported.meta === 'function' ? reported.meta() : reported.task?.meta;
  return meta?.reaper ?? [];
}
