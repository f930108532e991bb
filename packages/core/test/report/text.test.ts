import { describe, expect, it } from 'vitest';
import { buildReport, formatResult, type ScopeResult } from '../../src/index.js';

const result: ScopeResult = {
  file: 'test/server.test.ts',
  test: 'server > starts and stops',
  scope: 'test',
  spawned: 2,
  leaked: [
    {
      pid: 100,
      ppid: 50,
      command: 'node server.js --port 0',
      kind: 'child',
      spawnedAt: 'test/server.test.ts:12:5',
      outcome: 'terminated',
      signal: 'SIGTERM',
      ms: 3,
    },
    {
      pid: 101,
      ppid: 100,
      command: 'sleep 300',
      kind: 'descendant',
      spawnedAt: 'test/server.test.ts:12:5',
      outcome: 'terminated',
      signal: 'SIGTERM',
      ms: 4,
    },
    {
      pid: 102,
      ppid: 101,
      command: 'sleep',
      kind: 'zombie',
      spawnedAt: null,
      outcome: 'reaped',
      signal: null,
      ms: 4,
    },
    {
      pid: 103,
      ppid: 100,
      command: 'sh -c trap "" TERM; sleep 600',
      kind: 'descendant',
      spawnedAt: 'test/server.test.ts:12:5',
      outcome: 'killed',
      signal: 'SIGKILL',
      ms: 1004,
    },
    {
      pid: 200,
      ppid: 1,
      command: 'sleep 900',
      kind: 'orphan',
      spawnedAt: 'test/server.test.ts:20:7',
      outcome: 'escaped',
      signal: 'SIGKILL',
      ms: 2001,
    },
    {
      pid: 300,
      ppid: 50,
      command: 'esbuild --service',
      kind: 'child',
      spawnedAt: 'test/server.test.ts:30:1',
      outcome: 'allowed',
      signal: null,
      ms: 0,
    },
  ],
};

describe('formatResult', () => {
  it('draws a headline and a tree: pid, command, kind, outcome, time, spawn site of each root', () => {
    expect(formatResult(result)).toMatchInlineSnapshot(`
      "reaper: 5 processes outlived test "server > starts and stops"
        in test/server.test.ts
        ├─ 100 node server.js --port 0  (child) terminated by SIGTERM in 3 ms, spawned at test/server.test.ts:12:5
        │  ├─ 101 sleep 300  (descendant) terminated by SIGTERM in 4 ms
        │  │  └─ 102 sleep  (zombie) reaped in 4 ms
        │  └─ 103 sh -c trap "" TERM; sleep 600  (descendant) killed by SIGKILL in 1004 ms
        ├─ 200 sleep 900  (orphan) ESCAPED: still alive 2001 ms after SIGKILL, spawned at test/server.test.ts:20:7
        └─ 300 esbuild --service  (child) allowed to outlive its scope, spawned at test/server.test.ts:30:1
        1 process survived SIGKILL and is still running: see docs/limits.md."
    `);
  });

  it('is empty for a clean scope', () => {
    expect(formatResult({ ...result, leaked: [] })).toBe('');
  });
});

describe('buildReport', () => {
  it('keeps scopes that spawned, and counts leaks without allowed ones', () => {
    const clean: ScopeResult = { file: 'a.test.ts', test: 'a', scope: 'test', spawned: 0, leaked: [] };
    const report = buildReport('jest', [result, clean]);
    expect(report.schema).toBe('reaper-report/1');
    expect(report.entries).toEqual([result]);
    expect(report.summary).toEqual({ scopes: 1, leakedScopes: 1, processes: 5, escaped: 1 });
  });
});
