import { join } from 'node:path';
import {
  buildReport,
  formatSummary,
  type ReaperOptions,
  type ResolvedOptions,
  resolveOptions,
  type ScopeResult,
  writeReport,
} from '@reaper/core';

export type ReaperReporterOptions = Pick<ReaperOptions, 'outputFile'>;

interface Metaful {
  meta(): { reaper?: ScopeResult[] };
}
interface TestModuleLike extends Metaful {
  children: { allTests(): Iterable<Metaful>; allSuites(): Iterable<Metaful> };
}

/**
 * `reporters: ['default', ['@reaper/vitest/reporter', { outputFile }]]` (the plugin adds it).
 * Collects each test's and suite's result from `task.meta.reaper` into one JSON report, written
 * atomically at the end of the run, and prints a one-line summary.
 */
export default class ReaperReporter {
  private readonly options: ResolvedOptions;
  /** Epoch ms: the reporter is built as the run starts. */
  private readonly startedAt = Date.now();
  private root = process.cwd();

  constructor(options: ReaperReporterOptions = {}) {
    this.options = resolveOptions(options ?? {}, { source: '@reaper/vitest/reporter' });
  }

  onInit(ctx: { config: { root: string } }): void {
    this.root = ctx.config.root;
    // Workers start after this: spawn sites and files are relative to Vitest's root.
    process.env.REAPER_VITEST_ROOT = this.root;
  }

  onTestRunEnd(testModules: readonly TestModuleLike[]): void {
    if (this.options.mode === 'off') return;
    const results: ScopeResult[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) results.push(...(test.meta().reaper ?? []));
      for (const suite of module.children.allSuites()) results.push(...(suite.meta().reaper ?? []));
      results.push(...(module.meta().reaper ?? []));
    }
    const report = buildReport('vitest', results, { startedAt: this.startedAt, endedAt: Date.now() });
    // Under `reaper run`, the gate merges this run's per-test entries into its own report.
    const runDir = process.env.REAPER_RUN_DIR;
    if (runDir) writeReport(join(runDir, `vitest-${process.pid}-${Date.now()}.json`), report);
    if (this.options.outputFile) {
      const written = writeReport(this.options.outputFile, report, this.root);
      process.stderr.write(`${formatSummary(report.entries)}; report: ${written}\n`);
    } else if (report.entries.length > 0) {
      process.stderr.write(`${formatSummary(report.entries)}\n`);
    }
  }
}
