import { type ReaperOptions, resolveOptions, type ScopeResult } from '@reaper/core';
import { type Run, startRun } from '@reaper/core/adapter';
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

/**
 * `reporters: ['default', ['@reaper/vitest/reporter', { outputFile }]]` (the plugin adds it).
 * Collects each test's and suite's result from `task.meta.reaper` into one JSON report, written
 * atomically at the end of each run (each re-run, in watch mode), and prints a one-line summary.
 */
export default class ReaperReporter {
  private readonly options: ReaperReporterOptions;
  private run: Run | undefined;
  private root: string | undefined;
  private finished = false;

  constructor(options: ReaperReporterOptions = {}) {
    this.options = options ?? {};
    // Refused here, where Vitest names the reporter that failed, rather than at the end of the run.
    resolveOptions(this.options, { source: SOURCE });
  }

  /** Before any worker starts: they inherit the root (spawn sites are relative to Vitest's). */
  onInit(ctx: { config: { root: string } }): void {
    this.root = ctx.config.root;
    this.run = this.startRun();
  }

  /** In watch mode every re-run is a run of its own, with its own times and report. */
  onTestRunStart(): void {
    if (this.finished) this.run = this.startRun();
    this.finished = false;
  }

  onTestRunEnd(testModules: readonly TestModuleLike[]): void {
    const results: ScopeResult[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) results.push(...resultsOf(test));
      for (const suite of module.children.allSuites()) results.push(...resultsOf(suite));
      results.push(...resultsOf(module));
    }
    this.run?.finish(results);
    this.finished = true;
  }

  private startRun(): Run {
    return startRun({
      runner: VITEST,
      options: this.options,
      source: SOURCE,
      root: this.root ?? process.cwd(),
      // `mode: 'off'` still replaces the report file asked for, with a `skipped` one.
      reportWhenOff: true,
    });
  }
}

function resultsOf(reported: Metaful): ScopeResult[] {
  const meta = typeof reported.meta === 'function' ? reported.meta() : reported.task?.meta;
  return meta?.reaper ?? [];
}
