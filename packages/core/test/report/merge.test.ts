import { describe, expect, it } from 'vitest';
import { v1Report } from '../../../../test-support/report-sample.js';
import {
  buildReport,
  mergeReports,
  parseReport,
  ReaperReportError,
  type Report,
  validateReport,
} from '../../src/index.js';
import { allowedOnly, clean, leakyRun, leakyTest, report } from './sample.js';

const T0 = 1764300000000;
const shard = (runner: Report['runner'], ...entries: Report['entries']) =>
  buildReport(runner, entries, { startedAt: T0, endedAt: T0 + 1000 });
const skippedShard = (reason: string) =>
  buildReport('vitest', [], { startedAt: T0 + 5, endedAt: T0 + 6, skipReason: reason });

/** The one-line message `fn` throws as a ReaperReportError. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ReaperReportError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a ReaperReportError, nothing was thrown');
}

describe('mergeReports', () => {
  it('concatenates the entries of shards and recomputes the summary', () => {
    const merged = mergeReports([shard('vitest', leakyTest, clean), shard('vitest', allowedOnly)]);
    expect(merged.runner).toBe('vitest');
    expect(merged.entries).toEqual([leakyTest, clean, allowedOnly]);
    expect(merged.summary).toEqual({
      scopes: 3,
      leakedScopes: 1,
      leakedProcesses: 5,
      escaped: 2,
      allowed: 1,
    });
  });

  it('keeps a report given twice, and an entry that appears twice, once', () => {
    const a = shard('jest', leakyTest, clean, leakyRun);
    const merged = mergeReports([a, a, shard('jest', clean)]);
    expect(merged.entries).toEqual([leakyTest, clean, leakyRun]);
    expect(merged.summary).toEqual({
      scopes: 3,
      leakedScopes: 2,
      leakedProcesses: 6,
      escaped: 2,
      allowed: 0,
    });
  });

  it("keeps a test's entry once when a `reaper run` report and the adapter's own report both hold it", () => {
    const merged = mergeReports([shard('cli', leakyTest, leakyRun), shard('vitest', leakyTest)]);
    expect(merged.entries).toEqual([leakyTest, leakyRun]);
  });

  it('keeps the run entries of two shards apart, even when they look alike', () => {
    const run = { ...leakyRun, leaked: [] };
    const merged = mergeReports([shard('cli', run, clean), shard('cli', run)]);
    expect(merged.entries).toEqual([run, clean, run]);
    expect(merged.summary.scopes).toBe(3);
  });

  it("counts a process once when a test's entry and the run's both list it", () => {
    const again = {
      ...leakyRun,
      leaked: [
        ...leakyRun.leaked,
        { ...leakyTest.leaked[0]!, outcome: 'killed' as const, signal: 'SIGKILL' as const },
      ],
    };
    const merged = mergeReports([shard('cli', leakyTest, again)]);
    expect(merged.entries[1]!.leaked.map((p) => p.pid)).toEqual([400]);
    expect(merged.summary.leakedProcesses).toBe(6);
  });

  it('never merges processes of different reports: the same pid on two machines is two processes', () => {
    const merged = mergeReports([shard('vitest', leakyRun), shard('vitest', { ...leakyRun, endedAt: 1 })]);
    expect(merged.summary.leakedProcesses).toBe(2);
  });

  it('calls a mix of runners `mixed`', () => {
    expect(mergeReports([shard('jest', clean), shard('cli', leakyRun)]).runner).toBe('mixed');
  });

  it('spans the times of its inputs, leaving out unknown (0) ones', () => {
    const late = buildReport('jest', [clean], { startedAt: T0 + 50, endedAt: T0 + 9000 });
    const converted = parseReport(JSON.stringify(v1Report));
    const merged = mergeReports([shard('jest', leakyTest), late, converted]);
    expect([merged.startedAt, merged.endedAt]).toEqual([T0, T0 + 9000]);
  });

  it('is checked when one input was: skipped shards add no entries and no reason', () => {
    const merged = mergeReports([skippedShard('darwin is not supported yet'), shard('vitest', leakyRun)]);
    expect(merged.status).toBe('checked');
    expect(merged).not.toHaveProperty('skipReason');
    expect(merged.entries).toEqual([leakyRun]);
  });

  it('is skipped only when every input was, with each reason once', () => {
    const merged = mergeReports([
      skippedShard('darwin is not supported yet'),
      skippedShard('win32 is not supported yet'),
      skippedShard('darwin is not supported yet'),
    ]);
    expect(merged).toMatchObject({
      status: 'skipped',
      skipReason: 'darwin is not supported yet; win32 is not supported yet',
    });
  });
});

describe('buildReport', () => {
  it('keeps scopes that spawned or leaked, and counts leaks without allowed ones', () => {
    const built = buildReport('jest', [leakyTest, { ...clean, spawned: [] }, allowedOnly], {
      startedAt: T0,
      endedAt: T0,
    });
    expect(built.entries).toEqual([leakyTest, allowedOnly]);
    expect(built.summary).toEqual({ scopes: 2, leakedScopes: 1, leakedProcesses: 5, escaped: 2, allowed: 1 });
  });

  it('writes the fields in the schema order, with the run times', () => {
    const built = buildReport('vitest', [clean], { startedAt: T0, endedAt: T0 + 1 });
    expect(Object.keys(built)).toEqual([
      'schema',
      'runner',
      'status',
      'startedAt',
      'endedAt',
      'summary',
      'entries',
    ]);
    expect(built).toMatchObject({
      schema: 'reaper-report/2',
      status: 'checked',
      startedAt: T0,
      endedAt: T0 + 1,
    });
  });

  it('is skipped, with its reason, when given one', () => {
    const built = buildReport('jest', [], {
      startedAt: T0,
      endedAt: T0,
      skipReason: 'win32 is not supported yet',
    });
    expect(Object.keys(built).slice(0, 5)).toEqual(['schema', 'runner', 'status', 'skipReason', 'startedAt']);
    expect(built.status === 'skipped' && built.skipReason).toBe('win32 is not supported yet');
  });
});

describe('parseReport', () => {
  it('reads back a reaper-report/2 report', () => {
    expect(parseReport(JSON.stringify(report))).toEqual(report);
  });

  it('converts a reaper-report/1 report: ms → elapsedMs, unsignalled → exited, escaped → timeout, times 0', () => {
    const converted = parseReport(JSON.stringify(v1Report));
    expect(converted).toMatchObject({
      schema: 'reaper-report/2',
      runner: 'jest',
      status: 'checked',
      startedAt: 0,
      endedAt: 0,
      summary: { scopes: 2, leakedScopes: 1, leakedProcesses: 4, escaped: 1, allowed: 0 },
    });
    expect(converted.entries[1]).toEqual({
      file: 'test/a.test.ts',
      test: 'a',
      scope: 'test',
      startedAt: 0,
      endedAt: 0,
      spawned: [],
      leaked: [],
    });
    expect(converted.entries[0]!.leaked).toEqual([
      {
        pid: 100,
        ppid: 50,
        command: 'node server.js',
        kind: 'child',
        spawnedAt: 'test/server.test.ts:12:5',
        calledFrom: null,
        startedAt: 0,
        listening: [],
        elapsedMs: 3,
        outcome: 'terminated',
        signal: 'SIGTERM',
      },
      expect.objectContaining({ pid: 101, outcome: 'exited', signal: null, elapsedMs: 2 }),
      expect.objectContaining({ pid: 102, outcome: 'killed', signal: 'SIGKILL', elapsedMs: 1004 }),
      expect.objectContaining({ pid: 200, outcome: 'escaped', signal: 'SIGKILL', reason: 'timeout' }),
    ]);
    // What it converts to is itself a valid /2 report.
    expect(validateReport(JSON.parse(JSON.stringify(converted)))).toEqual(converted);
  });

  const withLeak = (changes: Record<string, unknown>) =>
    JSON.stringify({
      ...report,
      entries: [{ ...leakyRun, leaked: [{ ...leakyRun.leaked[0], ...changes }] }],
    });

  it.each([
    ['', 'invalid JSON: the file is empty'],
    ['{"schema": ', /^invalid JSON: /],
    ['[1]', 'not a reaper report: expected an object, got an array'],
    [
      '{"runner": "jest"}',
      'not a reaper report: no "schema" field (expected "reaper-report/2" or "reaper-report/1")',
    ],
    [
      '{"schema": "reaper-report/3"}',
      'unknown schema "reaper-report/3" (expected "reaper-report/2" or "reaper-report/1")',
    ],
    [
      JSON.stringify({ ...report, runner: 'karma' }),
      'runner: expected one of "jest", "vitest", "node-test", "mocha", "playwright", "ava", "tap", "cli", "mixed", got "karma"',
    ],
    [
      '{"schema": "reaper-report/1", "runner": "tap", "entries": []}',
      'runner: expected one of "jest", "vitest", "cli", got "tap"',
    ],
    ['{"schema": "reaper-report/1", "runner": "jest"}', 'entries: expected an array, got nothing'],
    [
      JSON.stringify({ ...report, status: 'skipped' }),
      'skipReason: expected a string when status is "skipped", got nothing',
    ],
    [
      JSON.stringify({ ...report, skipReason: 'x' }),
      'skipReason: expected nothing when status is "checked", got "x"',
    ],
    [
      JSON.stringify({ ...report, summary: { ...report.summary, processes: 1, leakedProcesses: undefined } }),
      'summary.leakedProcesses: expected a non-negative number, got nothing',
    ],
    [withLeak({ pid: '7' }), 'entries[0].leaked[0].pid: expected a non-negative number, got "7"'],
    [
      withLeak({ ms: 2, elapsedMs: undefined }),
      'entries[0].leaked[0].elapsedMs: expected a non-negative number, got nothing',
    ],
    [
      withLeak({ listening: [0] }),
      'entries[0].leaked[0].listening[0]: expected a port number (1-65535), got 0',
    ],
    [
      withLeak({ outcome: 'killed' }),
      'entries[0].leaked[0].signal: expected "SIGKILL" for outcome "killed", got "SIGTERM"',
    ],
    [
      withLeak({ outcome: 'exited' }),
      'entries[0].leaked[0].signal: expected null for outcome "exited", got "SIGTERM"',
    ],
    [
      withLeak({ outcome: 'escaped' }),
      'entries[0].leaked[0].reason: expected one of "timeout", "denied", got nothing',
    ],
    [
      withLeak({ reason: 'timeout' }),
      'entries[0].leaked[0].reason: expected nothing for outcome "terminated", got "timeout"',
    ],
    [
      JSON.stringify({ ...report, entries: [{ ...clean, spawned: 4 }] }),
      'entries[0].spawned: expected an array, got 4',
    ],
    [
      JSON.stringify({
        ...report,
        entries: [{ ...clean, spawned: [{ ...clean.spawned[0], endedAt: 'soon' }] }],
      }),
      'entries[0].spawned[0].endedAt: expected a non-negative number or null, got "soon"',
    ],
  ])('refuses %j with one line', (text, message) => {
    const got = refusal(() => parseReport(text));
    if (typeof message === 'string') expect(got).toBe(message);
    else expect(got).toMatch(message);
  });
});
