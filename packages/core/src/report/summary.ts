import type {
  LeakedProcess,
  Report,
  ReportSummary,
  RunnerName,
  ScopeResult,
  UnfinishedFile,
} from './types.js';
import { REPORT_SCHEMA } from './types.js';

/** Leaked processes that count against a scope: everything but `allowed`. */
export function leaksOf(result: ScopeResult): LeakedProcess[] {
  return result.leaked.filter((p) => p.outcome !== 'allowed');
}

/** Whether a scope left anything behind that was not allowed to outlive it. */
export function hasLeaks(result: ScopeResult): boolean {
  return result.leaked.some((p) => p.outcome !== 'allowed');
}

/** The totals of a report's entries. */
export function summarize(entries: readonly ScopeResult[]): ReportSummary {
  let leakedScopes = 0;
  let leakedProcesses = 0;
  let escaped = 0;
  let allowed = 0;
  for (const entry of entries) {
    const leaks = leaksOf(entry);
    if (leaks.length > 0) leakedScopes++;
    leakedProcesses += leaks.length;
    escaped += leaks.filter((p) => p.outcome === 'escaped').length;
    allowed += entry.leaked.length - leaks.length;
  }
  return { scopes: entries.length, leakedScopes, leakedProcesses, escaped, allowed };
}

/** When a run started and ended (epoch ms), and why it was not checked, if it was not. */
export interface RunTimes {
  startedAt: number;
  endedAt: number;
  /** Given: the report is `skipped` for this reason (one line), whatever the results say. */
  skipReason?: string | undefined;
  /** Files whose process ended before their checks ran; in the report only when there are some. */
  unfinished?: readonly UnfinishedFile[] | undefined;
}

/** What a run's workers checked: every scope's result, and the files whose checks never ran. */
export interface CheckedResults {
  results: readonly ScopeResult[];
  unfinished: readonly UnfinishedFile[];
  /** Why a worker checked nothing: a runner internal it relies on was missing (the run is `skipped`). */
  lacking?: readonly string[];
}

/** A `reaper-report/2` report of every scope that spawned at least one process (or leaked one). */
export function buildReport(
  runner: RunnerName,
  checked: readonly ScopeResult[] | CheckedResults,
  run: RunTimes,
): Report {
  const { results, unfinished } = Array.isArray(checked)
    ? { results: checked as readonly ScopeResult[], unfinished: run.unfinished }
    : (checked as CheckedResults);
  return assembleReport(
    runner,
    results.filter((r) => r.spawned.length > 0 || r.leaked.length > 0),
    { ...run, unfinished },
  );
}

/** A report of exactly these entries, its fields in the schema's order. */
export function assembleReport(runner: RunnerName, entries: readonly ScopeResult[], run: RunTimes): Report {
  const head = { schema: REPORT_SCHEMA, runner } as const;
  const tail = {
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    summary: summarize(entries),
    entries: [...entries],
    ...(run.unfinished?.length ? { unfinished: run.unfinished.map((u) => ({ ...u })) } : {}),
  };
  return run.skipReason === undefined
    ? { ...head, status: 'checked', ...tail }
    : { ...head, status: 'skipped', skipReason: run.skipReason, ...tail };
}
