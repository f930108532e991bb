import { describe, expect, it } from 'vitest';
import { buildReport, mergeReports, parseReport, ReaperReportError, type Report } from '../../src/index.js';
import { allowedOnly, clean, leakyRun, leakyTest, report } from './sample.js';

const shard = (runner: Report['runner'], ...entries: Report['entries']) => buildReport(runner, entries);

describe('mergeReports', () => {
  it('concatenates the entries of shards and recomputes the summary', () => {
    const merged = mergeReports([shard('vitest', leakyTest, clean), shard('vitest', allowedOnly)]);
    expect(merged.runner).toBe('vitest');
    expect(merged.entries).toEqual([leakyTest, clean, allowedOnly]);
    expect(merged.summary).toEqual({ scopes: 3, leakedScopes: 1, processes: 3, escaped: 1 });
  });

  it('keeps a report given twice, and an entry that appears twice, once', () => {
    const a = shard('jest', leakyTest, clean, leakyRun);
    const merged = mergeReports([a, a, shard('jest', clean)]);
    expect(merged.entries).toEqual([leakyTest, clean, leakyRun]);
    expect(merged.summary).toEqual({ scopes: 3, leakedScopes: 2, processes: 4, escaped: 1 });
  });

  it("keeps a test's entry once when a `reaper run` report and the adapter's own report both hold it", () => {
    const merged = mergeReports([shard('cli', leakyTest, leakyRun), shard('vitest', leakyTest)]);
    expect(merged.entries).toEqual([leakyTest, leakyRun]);
    expect(merged.runner).toBe('cli');
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
      leaked: [...leakyRun.leaked, { ...leakyTest.leaked[2]!, outcome: 'killed' as const }],
    };
    const merged = mergeReports([shard('cli', leakyTest, again)]);
    expect(merged.entries[1]!.leaked.map((p) => p.pid)).toEqual([400]);
    expect(merged.summary).toEqual({ scopes: 2, leakedScopes: 2, processes: 4, escaped: 1 });
  });

  it('never merges processes of different reports: the same pid on two machines is two processes', () => {
    const merged = mergeReports([shard('vitest', leakyRun), shard('vitest', { ...leakyRun, spawned: 2 })]);
    expect(merged.summary.processes).toBe(2);
  });

  it('calls a mix of runners `cli`', () => {
    expect(mergeReports([shard('jest', clean), shard('cli', leakyRun)]).runner).toBe('cli');
  });
});

describe('parseReport', () => {
  it('reads back a report', () => {
    expect(parseReport(JSON.stringify(report))).toEqual(report);
  });

  it.each([
    ['', 'invalid JSON: the file is empty'],
    ['{"schema": ', /^invalid JSON: /],
    ['[1]', 'not a reaper report: expected an object, got an array'],
    ['{"runner": "jest"}', 'not a reaper report: no "schema" field (expected "reaper-report/1")'],
    ['{"schema": "reaper-report/2"}', 'unknown schema "reaper-report/2" (expected "reaper-report/1")'],
    [
      '{"schema": "reaper-report/1", "runner": "tap", "entries": []}',
      'runner: expected one of "jest", "vitest", "mocha", "cli", got "tap"',
    ],
    ['{"schema": "reaper-report/1", "runner": "jest"}', 'entries: expected an array, got nothing'],
    [
      JSON.stringify({
        ...report,
        entries: [{ ...leakyRun, leaked: [{ ...leakyRun.leaked[0], pid: '7' }] }],
      }),
      'entries[0].leaked[0].pid: expected a non-negative number, got "7"',
    ],
  ])('refuses %j with one line', (text, message) => {
    let error: unknown;
    try {
      parseReport(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReaperReportError);
    const text2 = (error as Error).message;
    expect(text2).not.toContain('\n');
    if (typeof message === 'string') expect(text2).toBe(message);
    else expect(text2).toMatch(message);
  });
});
