import type { Report, ScopeResult } from '../../src/index.js';

/** Fixed report data for the renderers: a leaky test, a leaky run, an allowed-only and a clean scope. */
export const leakyTest: ScopeResult = {
  file: 'test/server.test.ts',
  test: 'server > starts <and> stops',
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
      command: 'sh -c echo "a & b" | cat',
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
      spawnedAt: null,
      outcome: 'escaped',
      signal: 'SIGKILL',
      ms: 2001,
    },
  ],
};

export const allowedOnly: ScopeResult = {
  file: 'test/build.test.ts',
  test: null,
  scope: 'file',
  spawned: 1,
  leaked: [
    {
      pid: 300,
      ppid: 50,
      command: 'esbuild --service',
      kind: 'child',
      spawnedAt: 'test/build.test.ts:3:1',
      outcome: 'allowed',
      signal: null,
      ms: 0,
    },
  ],
};

export const clean: ScopeResult = {
  file: 'test/a.test.ts',
  test: 'a',
  scope: 'test',
  spawned: 4,
  leaked: [],
};

export const leakyRun: ScopeResult = {
  file: null,
  test: null,
  scope: 'run',
  spawned: 1,
  leaked: [
    {
      pid: 400,
      ppid: 1,
      command: 'sleep 300',
      kind: 'orphan',
      spawnedAt: null,
      outcome: 'terminated',
      signal: 'SIGTERM',
      ms: 1,
    },
  ],
};

export const report: Report = {
  schema: 'reaper-report/1',
  runner: 'cli',
  summary: { scopes: 4, leakedScopes: 2, processes: 4, escaped: 1 },
  entries: [leakyTest, allowedOnly, clean, leakyRun],
};
