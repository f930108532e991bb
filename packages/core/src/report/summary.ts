import type { LeakedProcess, Report, ReportSummary, RunnerName, ScopeResult } from './types.js';
import { REPORT_SCHEMA } from './types.js';

/** Leaked processes that count against a scope: everything but `allowed`. */
export function leaksOf(result: ScopeResult): LeakedProcess[] {
  return result.leaked.filter((p) => p.outcome !== 'allowed');
}

/** Whether a scope left anything behind that was not allowed to outlive it. */
export function hasLeaks(result: ScopeResult): boolean {
  return result.leaked.some((p) => p.outcome !== 'allowed');
}

export function summarize(entries: readonly ScopeResult[]): ReportSummary {
  let leakedScopes = 0;
  let processes = 0;
  let escaped = 0;
  for (const entry of entries) {
    const leaks = leaksOf(entry);
    if (leaks.length > 0) leakedScopes++;
    processes += leaks.length;
    escaped += leaks.filter((p) => p.outcome === 'escaped').length;
  }
  return { scopes: entries.length, leakedScopes, processes, escaped };
}

/** A report of every scope that spawned at least one process. */
export function buildReport(runner: RunnerName, results: readonly ScopeResult[]): Report {
  const entries = results.filter((r) => r.spawned > 0 || r.leaked.length > 0);
  return { schema: REPORT_SCHEMA, runner, summary: summarize(entries), entries: [...entries] };
}
