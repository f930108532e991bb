import { assembleReport } from './summary.js';
import type { LeakedProcess, Report, RunnerName, ScopeResult, UnfinishedFile } from './types.js';

/**
 * Merges reports, e.g. the shards of one suite, into one `reaper-report/2` report: entries are
 * concatenated in order and the summary is recomputed; the runner is the shared one, or `mixed`
 * when they differ; the times span the inputs' (times of 0, unknown, are left out). The merge is
 * `skipped` only when every input was: one checked shard makes it `checked` (its skipped shards'
 * reasons are then dropped; they were not checked and add no entries). The reasons of skipped
 * inputs are joined with `; `, each once. What appears twice counts once:
 * - a report identical to an earlier one (the same file or artifact given twice) is skipped;
 * - an entry with the same file, test and scope and the same leaked pids as an earlier one (a test
 *   listed by both a `reaper run` report and its adapter's own report) is kept once. A run's entry
 *   has no file or test to tell it by, so two runs' entries (two shards) are always two;
 * - within one report, a leaked process listed by two entries (a test's and the run's) is kept in
 *   the first. Processes of different reports are never merged: shards run on different machines,
 *   where the same pid names different processes.
 */
export function mergeReports(reports: readonly Report[]): Report {
  const runners = new Set(reports.map((r) => r.runner));
  const runner: RunnerName = runners.size === 1 ? reports[0]!.runner : 'mixed';
  const seenReports = new Set<string>();
  const seen = new Set<string>();
  const entries: ScopeResult[] = [];
  for (const report of reports) {
    const whole = JSON.stringify([report.status, report.entries]);
    if (seenReports.has(whole)) continue;
    seenReports.add(whole);
    const counted = new Set<string>();
    for (const entry of report.entries) {
      if (entry.file !== null || entry.test !== null) {
        const key = entryKey(entry);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const leaked: LeakedProcess[] = [];
      for (const p of entry.leaked) {
        if (p.outcome !== 'allowed') {
          const id = `${p.pid}\0${p.command}`;
          if (counted.has(id)) continue;
          counted.add(id);
        }
        leaked.push({ ...p, listening: [...p.listening] });
      }
      entries.push({ ...entry, spawned: entry.spawned.map((s) => ({ ...s })), leaked });
    }
  }
  const known = (times: number[]) => times.filter((t) => t > 0);
  const starts = known(reports.map((r) => r.startedAt));
  const ends = known(reports.map((r) => r.endedAt));
  const skipped = reports.length > 0 && reports.every((r) => r.status === 'skipped');
  const reasons = new Set(reports.map((r) => (r.status === 'skipped' ? r.skipReason : '')));
  return assembleReport(runner, entries, {
    startedAt: starts.length > 0 ? Math.min(...starts) : 0,
    endedAt: ends.length > 0 ? Math.max(...ends) : 0,
    skipReason: skipped ? [...reasons].join('; ') : undefined,
    unfinished: unfinishedOf(reports),
  });
}

/** Every input's unfinished files, each once. */
function unfinishedOf(reports: readonly Report[]): UnfinishedFile[] {
  const seen = new Set<string>();
  const out: UnfinishedFile[] = [];
  for (const item of reports.flatMap((r) => r.unfinished ?? [])) {
    const key = JSON.stringify([item.file, item.reason]);
    if (!seen.has(key)) out.push(item);
    seen.add(key);
  }
  return out;
}

function entryKey(entry: ScopeResult): string {
  const pids = entry.leaked
    .map((p) => p.pid)
    .sort((a, b) => a - b)
    .join(',');
  return JSON.stringify([entry.file, entry.test, entry.scope, pids]);
}
