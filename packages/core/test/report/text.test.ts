import { describe, expect, it } from 'vitest';
import { formatResult, type ScopeResult } from '../../src/index.js';

const result: ScopeResult = {
  file: 'test/server.test.ts',
  test: 'server > starts and stops',
  scope: 'test',
  startedAt: 1764300000000,
  endedAt: 1764300002100,
  spawned: [],
  leaked: [
    {
      pid: 100,
      ppid: 50,
      command: 'node server.js --port 0',
      kind: 'child',
      spawnedAt: 'test/server.test.ts:12:5',
      outcome: 'terminated',
      signal: 'SIGTERM',
      calledFrom: null,
      startedAt: 1764300000000,
      listening: [],
      elapsedMs: 3,
    },
    {
      pid: 101,
      ppid: 100,
      command: 'sleep 300',
      kind: 'descendant',
      spawnedAt: 'test/server.test.ts:12:5',
      outcome: 'terminated',
      signal: 'SIGTERM',
      calledFrom: null,
      startedAt: 1764300000000,
      listening: [],
      elapsedMs: 4,
    },
    {
      pid: 102,
      ppid: 101,
      command: 'sleep',
      kind: 'zombie',
      spawnedAt: null,
      outcome: 'reaped',
      signal: null,
      calledFrom: null,
      startedAt: 1764300000000,
      listening: [],
      elapsedMs: 4,
    },
    {
      pid: 103,
      ppid: 100,
      command: 'sh -c trap "" TERM; sleep 600',
      kind: 'descendant',
      spawnedAt: 'test/server.test.ts:12:5',
      outcome: 'killed',
      signal: 'SIGKILL',
      calledFrom: null,
      startedAt: 1764300000000,
      listening: [],
      elapsedMs: 1004,
    },
    {
      pid: 200,
      ppid: 1,
      command: 'sleep 900',
      kind: 'orphan',
      spawnedAt: 'test/server.test.ts:20:7',
      outcome: 'escaped',
      signal: 'SIGKILL',
      reason: 'timeout',
      calledFrom: null,
      startedAt: 1764300000000,
      listening: [],
      elapsedMs: 2001,
    },
    {
      pid: 300,
      ppid: 50,
      command: 'esbuild --service',
      kind: 'child',
      spawnedAt: 'test/server.test.ts:30:1',
      outcome: 'allowed',
      signal: null,
      calledFrom: null,
      startedAt: 1764300000000,
      listening: [],
      elapsedMs: 0,
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
        ├─ 200 sleep 900  (orphan) ESCAPED (timeout): still alive 2001 ms after SIGKILL, spawned at test/server.test.ts:20:7
        └─ 300 esbuild --service  (child) allowed to outlive its scope, spawned at test/server.test.ts:30:1
        1 process survived SIGKILL and is still running: see docs/limits.md."
    `);
  });

  it('is empty for a clean scope', () => {
    expect(formatResult({ ...result, leaked: [] })).toBe('');
  });
});
