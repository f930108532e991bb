import { summarize } from './summary.js';
import type { LeakedProcess, Report, RunnerName, ScopeResult } from './types.js';
import { REPORT_SCHEMA } from './types.js';

/** A report file that cannot be used: not JSON, not a reaper report, or a malformed one. */
export class ReaperReportError extends Error {
  override name = 'ReaperReportError';
}

const RUNNERS: readonly string[] = ['jest', 'vitest', 'mocha', 'cli'];
const SCOPES: readonly string[] = ['test', 'suite', 'file', 'run'];
const KINDS: readonly string[] = ['child', 'descendant', 'orphan', 'zombie'];
const OUTCOMES: readonly string[] = ['terminated', 'killed', 'reaped', 'escaped', 'allowed'];
const SIGNALS: readonly string[] = ['SIGTERM', 'SIGKILL'];

/**
 * Parses and checks the text of a `reaper-report/1` file. Throws a `ReaperReportError` whose
 * one-line message says what is wrong: `invalid JSON: …`, `unknown schema "x" (expected
 * reaper-report/1)`, `entries[2].leaked[0].pid: expected a number, got "7"`.
 */
export function parseReport(text: string): Report {
  if (text.trim() === '') throw new ReaperReportError('invalid JSON: the file is empty');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReaperReportError(`invalid JSON: ${oneLine((error as Error).message)}`);
  }
  return validateReport(data);
}

/** Checks that `data` is a `reaper-report/1` report; returns it typed, or throws a `ReaperReportError`. */
export function validateReport(data: unknown): Report {
  if (!isObject(data))
    throw new ReaperReportError(`not a reaper report: expected an object, got ${show(data)}`);
  if (data.schema === undefined) {
    throw new ReaperReportError(`not a reaper report: no "schema" field (expected "${REPORT_SCHEMA}")`);
  }
  if (data.schema !== REPORT_SCHEMA) {
    throw new ReaperReportError(`unknown schema ${show(data.schema)} (expected "${REPORT_SCHEMA}")`);
  }
  oneOf(data.runner, RUNNERS, 'runner');
  if (!Array.isArray(data.entries)) fail('entries', 'an array', data.entries);
  (data.entries as unknown[]).forEach((entry, i) => {
    validateEntry(entry, `entries[${i}]`);
  });
  return data as unknown as Report;
}

function validateEntry(entry: unknown, at: string): void {
  if (!isObject(entry)) fail(at, 'an object', entry);
  const e = entry as Record<string, unknown>;
  stringOrNull(e.file, `${at}.file`);
  stringOrNull(e.test, `${at}.test`);
  oneOf(e.scope, SCOPES, `${at}.scope`);
  count(e.spawned, `${at}.spawned`);
  if (!Array.isArray(e.leaked)) fail(`${at}.leaked`, 'an array', e.leaked);
  (e.leaked as unknown[]).forEach((p, j) => {
    const where = `${at}.leaked[${j}]`;
    if (!isObject(p)) fail(where, 'an object', p);
    const q = p as Record<string, unknown>;
    count(q.pid, `${where}.pid`);
    count(q.ppid, `${where}.ppid`);
    if (typeof q.command !== 'string') fail(`${where}.command`, 'a string', q.command);
    oneOf(q.kind, KINDS, `${where}.kind`);
    stringOrNull(q.spawnedAt, `${where}.spawnedAt`);
    oneOf(q.outcome, OUTCOMES, `${where}.outcome`);
    if (q.signal !== null) oneOf(q.signal, SIGNALS, `${where}.signal`, ' or null');
    count(q.ms, `${where}.ms`);
  });
}

/**
 * Merges reports, e.g. the shards of one suite: entries are concatenated in order and the summary
 * is recomputed; the runner is the shared one, or `cli` when they differ. What appears twice counts
 * once:
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
  const runner: RunnerName = runners.size === 1 ? reports[0]!.runner : 'cli';
  const seenReports = new Set<string>();
  const seen = new Set<string>();
  const entries: ScopeResult[] = [];
  for (const report of reports) {
    const whole = JSON.stringify(report.entries);
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
        leaked.push({ ...p });
      }
      entries.push({ ...entry, leaked });
    }
  }
  return { schema: REPORT_SCHEMA, runner, summary: summarize(entries), entries };
}

function entryKey(entry: ScopeResult): string {
  const pids = entry.leaked
    .map((p) => p.pid)
    .sort((a, b) => a - b)
    .join(',');
  return JSON.stringify([entry.file, entry.test, entry.scope, pids]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function fail(at: string, expected: string, got: unknown): never {
  throw new ReaperReportError(`${at}: expected ${expected}, got ${show(got)}`);
}

function oneOf(value: unknown, allowed: readonly string[], at: string, extra = ''): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    fail(at, `one of ${allowed.map((a) => `"${a}"`).join(', ')}${extra}`, value);
  }
}

function stringOrNull(value: unknown, at: string): void {
  if (value !== null && typeof value !== 'string') fail(at, 'a string or null', value);
}

function count(value: unknown, at: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(at, 'a non-negative number', value);
  }
}
