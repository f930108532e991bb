import { join } from 'node:path';
import { INTERNAL_VARS } from '../env.js';
import { uniqueHex } from '../ids.js';
import { type ReaperOptions, type ResolvedOptions, resolveOptions } from '../options.js';
import { buildReport, type CheckedResults } from '../report/summary.js';
import { formatSummary } from '../report/text.js';
import type { Report, RunnerName, ScopeResult } from '../report/types.js';
import { writeReport, writeReportFiles } from '../report/write.js';
import { guardRun } from '../scope/interrupt.js';
import { wallNow } from '../wall-clock.js';
import type { ChannelContents } from './channel.js';
import { settleLacking } from './lacking.js';
import { noticeOnce, skipReason } from './notice.js';
import { checkRunnerVersion, type RunnerSupport, runnerCheckedBy } from './version.js';

export interface RunSettings {
  runner: RunnerSupport;
  /** The options the user gave the reporter or plugin (validated here). */
  options: ReaperOptions | undefined;
  /** Names the adapter in errors: `@reaper/jest/reporter`. */
  source: string;
  /** The project root: the report's paths and `outputFile` are relative to it. */
  root: string;
  /** Why the adapter cannot check this run (a runner mode it does not support): then it is skipped. */
  skipReason?: string;
  /**
   * What the workers have checked so far, read without consuming it: when the main process is
   * interrupted, the run's report is written from it before the signal takes its course, every
   * file not checked to its end named `unfinished`. Undefined when no run is under way (between
   * two runs of a watch session: the last run's report stands).
   */
  checked?: () => CheckedResults | undefined;
  /**
   * For an adapter whose reporter and test-file entry are configured apart (a Jest reporter without
   * the setup file): how a test file takes the adapter, the advice of the one line said when tests
   * ran and no worker ever ran reaper (`finish`'s `testsRan`); then the run is `skipped`.
   */
  unused?: string;
  /**
   * The runner stops its own workers gracefully on an interrupt and finishes its run (Playwright):
   * the run guard ends what the run left only at a second signal. By default it does at the first.
   */
  patientOnInterrupt?: boolean;
}

/** reaper in a runner's main process, from the start of a run to its report. */
export interface Run {
  readonly options: ResolvedOptions;
  readonly root: string;
  /**
   * The run is over: builds the report from every scope result, hands it to `reaper run` when
   * under one, writes `outputFile`, prints the summary line. Never throws: a report that could not
   * be written is said on stderr and returned, for runners that fail the run on it.
   */
  finish(results: readonly ScopeResult[] | CheckedResults, testsRan?: number): Error | undefined;
}

/**
 * Starts a run in the runner's main process, before its workers start (they inherit what is set
 * here): the project root for every worker, and the run guard that ends what the run's workers and
 * tests left running when the main process is interrupted.
 */
export function startRun(settings: RunSettings): Run {
  const options = resolveOptions(settings.options ?? {}, { source: settings.source });
  const root = settings.root;
  process.env[INTERNAL_VARS.root] = root;
  let skipped: string | undefined;
  /** The skip was said already, in the one line of an unsupported runner. */
  let said = false;
  if (options.mode !== 'off') {
    const { refused: unsupported, untested } = checkRunnerVersion(settings.runner, root);
    if (unsupported) noticeOnce(unsupported.message);
    else {
      // A version it was not tested on is checked, said once here (its workers inherit the check).
      if (untested) noticeOnce(untested);
      process.env[INTERNAL_VARS.runnerChecked] = runnerCheckedBy(settings.runner, root);
    }
    skipped = skipReason() ?? unsupported?.reason ?? settings.skipReason;
    said = skipped !== undefined && skipped === unsupported?.reason;
    if (!skipped)
      guardRun(settings.checked && ((signal) => finishInterrupted(signal)), {
        patient: settings.patientOnInterrupt,
      });
  }
  const startedAt = wallNow();
  /** Tests ran and no worker began a file: the run is said `skipped`, never called clean. */
  const unusedCheck = (
    results: readonly ScopeResult[] | CheckedResults,
    testsRan: number | undefined,
  ): readonly ScopeResult[] | CheckedResults => {
    const contents = results as Partial<ChannelContents>;
    if (!settings.unused || !testsRan || contents.began !== 0 || contents.lacking?.length) return results;
    const reason = `no test file of this run ran ${settings.runner.adapter}`;
    process.stderr.write(
      `reaper: ${reason}; leaked processes are NOT checked in this run. ${settings.unused}\n`,
    );
    return { results: [], unfinished: [], lacking: [reason] };
  };
  const finishInterrupted = (signal: NodeJS.Signals) => {
    const checked = settings.checked!();
    if (!checked) return;
    const reason = `the run was interrupted (${signal}) before reaper's checks of it ran`;
    // As at the run's end: a worker that lacked a runner internal checked nothing, and says why.
    const {
      results,
      unfinished,
      skipReason: lacking,
    } = settleLacking({
      ...checked,
      unfinished: checked.unfinished.map((u) => ({ ...u, reason })),
    });
    const report = buildReport(settings.runner.id, results, {
      startedAt,
      endedAt: wallNow(),
      unfinished,
      skipReason: lacking,
    });
    publishReport(report, settings.runner.id, options, root, said || lacking !== undefined);
  };
  return {
    options,
    root,
    finish(given, testsRan) {
      const off = options.mode === 'off';
      const results = off || skipped ? given : unusedCheck(given, testsRan);
      // Off, the report asked for (`outputFile`, `htmlFile`) is still written, `skipped` with the
      // reason: an earlier run's is never left to be read as this one's.
      if (off && !(options.outputFile || options.htmlFile)) return undefined;
      // A worker that could not find a runner internal it relies on checked nothing (see `lacks`).
      const settled = Array.isArray(results) ? undefined : settleLacking(results as CheckedResults);
      const lacking = settled?.skipReason;
      const skip = off ? offReason() : (skipped ?? lacking);
      const report = buildReport(settings.runner.id, skip ? [] : (settled ?? results), {
        startedAt,
        endedAt: wallNow(),
        skipReason: skip,
      });
      return publishReport(
        report,
        settings.runner.id,
        options,
        root,
        said || (lacking !== undefined && skip === lacking),
      );
    },
  };
}

/** Why a run with `mode: 'off'` checked nothing, and where the mode came from. */
function offReason(): string {
  return process.env.REAPER_MODE === 'off'
    ? "mode is 'off' (REAPER_MODE=off)"
    : "mode is 'off' (the `mode` option)";
}

function publishReport(
  report: Report,
  runner: RunnerName,
  options: ResolvedOptions,
  root: string,
  said: boolean,
): Error | undefined {
  // Under `reaper run`, the gate merges this run's per-test entries into its own report.
  const runDir = process.env[INTERNAL_VARS.runDir];
  if (runDir) {
    try {
      writeReport(join(runDir, `${runner}-${process.pid}-${uniqueHex(4)}.json`), report);
    } catch {
      // The gate is gone: its own reaping still stands.
    }
  }
  const { written, failures } = writeReportFiles(report, options, root);
  const summary = formatSummary(report) + written;
  const failure = failures.length > 0 ? new Error(`reaper: ${failures.join('; ')}`) : undefined;
  // A skip said in its one line at the start is not said again, unless the line names a report file.
  const skipToSay = report.status === 'skipped' && !said;
  if (options.outputFile || options.htmlFile || skipToSay || report.entries.length > 0) {
    process.stderr.write(`${summary}\n`);
  }
  if (failure) process.stderr.write(`${failure.message}\n`);
  return failure;
}
