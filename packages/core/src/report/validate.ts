import {
  ESCAPE_REASONS,
  LADDER_SIGNALS,
  LEAK_KINDS,
  OUTCOME_SIGNALS,
  OUTCOMES,
  type Outcome,
  REPORT_SCHEMA,
  REPORT_SCHEMA_V1,
  type Report,
  RUNNERS,
  SCOPE_KINDS,
  STATUSES,
} from './types.js';
import { upgradeReport, V1_OUTCOMES, V1_RUNNERS } from './upgrade.js';

/** A report file that cannot be used: not JSON, not a reaper report, or a malformed one. */
export class ReaperReportError extends Error {
  override name = 'ReaperReportError';
}

/**
 * Parses and checks the text of a `reaper-report/2` (or `/1`) file; a `/1` report comes back
 * converted to `/2`. Throws a `ReaperReportError` whose one-line message says what is wrong:
 * `invalid JSON: …`, `unknown schema "x" (expected reaper-report/2 or reaper-report/1)`,
 * `entries[2].leaked[0].pid: expected a non-negative number, got "7"`.
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

/**
 * Checks that `data` is a `reaper-report/2` or `/1` report; returns it typed as `/2` (a `/1` one
 * converted), or throws a `ReaperReportError`.
 */
export function validateReport(data: unknown): Report {
  const expected = `"${REPORT_SCHEMA}" or "${REPORT_SCHEMA_V1}"`;
  if (!isObject(data))
    throw new ReaperReportError(`not a reaper report: expected an object, got ${show(data)}`);
  if (data.schema === undefined) {
    throw new ReaperReportError(`not a reaper report: no "schema" field (expected ${expected})`);
  }
  if (data.schema === REPORT_SCHEMA_V1) {
    validateV1(data);
    return upgradeReport(data);
  }
  if (data.schema !== REPORT_SCHEMA) {
    throw new ReaperReportError(`unknown schema ${show(data.schema)} (expected ${expected})`);
  }
  oneOf(data.runner, RUNNERS, 'runner');
  oneOf(data.status, STATUSES, 'status');
  if (data.status === 'skipped') {
    if (typeof data.skipReason !== 'string')
      fail('skipReason', 'a string when status is "skipped"', data.skipReason);
  } else if (data.skipReason !== undefined) {
    fail('skipReason', 'nothing when status is "checked"', data.skipReason);
  }
  count(data.startedAt, 'startedAt');
  count(data.endedAt, 'endedAt');
  if (!isObject(data.summary)) fail('summary', 'an object', data.summary);
  for (const key of ['scopes', 'leakedScopes', 'leakedProcesses', 'escaped', 'allowed']) {
    count(data.summary[key], `summary.${key}`);
  }
  entriesOf(data).forEach((entry, i) => {
    validateEntry(entry, `entries[${i}]`);
  });
  if (data.unfinished !== undefined) {
    if (!Array.isArray(data.unfinished)) fail('unfinished', 'an array when present', data.unfinished);
    data.unfinished.forEach((item: unknown, i: number) => {
      if (!isObject(item)) fail(`unfinished[${i}]`, 'an object', item);
      stringOrNull(item.file, `unfinished[${i}].file`);
      if (typeof item.reason !== 'string') fail(`unfinished[${i}].reason`, 'a string', item.reason);
    });
  }
  return data as unknown as Report;
}

function validateEntry(entry: unknown, at: string): void {
  if (!isObject(entry)) fail(at, 'an object', entry);
  stringOrNull(entry.file, `${at}.file`);
  stringOrNull(entry.test, `${at}.test`);
  oneOf(entry.scope, SCOPE_KINDS, `${at}.scope`);
  count(entry.startedAt, `${at}.startedAt`);
  count(entry.endedAt, `${at}.endedAt`);
  listOf(entry.spawned, `${at}.spawned`).forEach((s, j) => {
    const where = `${at}.spawned[${j}]`;
    if (!isObject(s)) fail(where, 'an object', s);
    count(s.pid, `${where}.pid`);
    if (typeof s.command !== 'string') fail(`${where}.command`, 'a string', s.command);
    stringOrNull(s.spawnedAt, `${where}.spawnedAt`);
    count(s.startedAt, `${where}.startedAt`);
    if (s.endedAt !== null) count(s.endedAt, `${where}.endedAt`, ' or null');
    if (s.exitCode !== null && !Number.isInteger(s.exitCode)) {
      fail(`${where}.exitCode`, 'an integer or null', s.exitCode);
    }
    stringOrNull(s.signal, `${where}.signal`);
  });
  listOf(entry.leaked, `${at}.leaked`).forEach((p, j) => {
    validateLeaked(p, `${at}.leaked[${j}]`);
  });
}

function validateLeaked(p: unknown, where: string): void {
  validateIdentity(p, where);
  stringOrNull(p.calledFrom, `${where}.calledFrom`);
  count(p.startedAt, `${where}.startedAt`);
  listOf(p.listening, `${where}.listening`).forEach((port, k) => {
    if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) {
      fail(`${where}.listening[${k}]`, 'a port number (1-65535)', port);
    }
  });
  oneOf(p.outcome, OUTCOMES, `${where}.outcome`);
  const outcome = p.outcome as Outcome;
  const signals: readonly (string | null)[] = OUTCOME_SIGNALS[outcome];
  if (!signals.includes(p.signal as string | null)) {
    const list = signals.map((s) => (s === null ? 'null' : `"${s}"`)).join(' or ');
    fail(`${where}.signal`, `${list} for outcome "${outcome}"`, p.signal);
  }
  if (outcome === 'escaped') oneOf(p.reason, ESCAPE_REASONS, `${where}.reason`);
  else if (p.reason !== undefined) fail(`${where}.reason`, `nothing for outcome "${outcome}"`, p.reason);
  count(p.elapsedMs, `${where}.elapsedMs`);
}

/** What a leaked process is in both schemas: pid, ppid, command, kind and spawn site. */
function validateIdentity(p: unknown, where: string): asserts p is Record<string, unknown> {
  if (!isObject(p)) fail(where, 'an object', p);
  count(p.pid, `${where}.pid`);
  count(p.ppid, `${where}.ppid`);
  if (typeof p.command !== 'string') fail(`${where}.command`, 'a string', p.command);
  oneOf(p.kind, LEAK_KINDS, `${where}.kind`);
  stringOrNull(p.spawnedAt, `${where}.spawnedAt`);
}

/** A `reaper-report/1` report as it was checked before `/2`: the shape `upgradeReport` reads. */
function validateV1(data: Record<string, unknown>): void {
  oneOf(data.runner, V1_RUNNERS, 'runner');
  entriesOf(data).forEach((entry, i) => {
    const at = `entries[${i}]`;
    if (!isObject(entry)) fail(at, 'an object', entry);
    stringOrNull(entry.file, `${at}.file`);
    stringOrNull(entry.test, `${at}.test`);
    oneOf(entry.scope, SCOPE_KINDS, `${at}.scope`);
    count(entry.spawned, `${at}.spawned`);
    listOf(entry.leaked, `${at}.leaked`).forEach((p, j) => {
      const where = `${at}.leaked[${j}]`;
      validateIdentity(p, where);
      oneOf(p.outcome, V1_OUTCOMES, `${where}.outcome`);
      if (p.signal !== null) oneOf(p.signal, LADDER_SIGNALS, `${where}.signal`, ' or null');
      count(p.ms, `${where}.ms`);
    });
  });
}

function entriesOf(data: Record<string, unknown>): unknown[] {
  return listOf(data.entries, 'entries');
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

function listOf(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) fail(at, 'an array', value);
  return value;
}

function stringOrNull(value: unknown, at: string): void {
  if (value !== null && typeof value !== 'string') fail(at, 'a string or null', value);
}

function count(value: unknown, at: string, extra = ''): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(at, `a non-negative number${extra}`, value);
  }
}
