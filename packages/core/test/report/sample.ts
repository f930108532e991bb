import type { LeakedProcessBase, Report, ScopeResult, SpawnedProcess } from '../../src/index.js';

const T0 = 1764300000000;

/** What every sample process shares; each overrides what matters to it. */
function leaked(pid: number, ppid: number, command: string): Omit<LeakedProcessBase, 'kind' | 'spawnedAt'> {
  return { pid, ppid, command, calledFrom: null, startedAt: T0 + 100, listening: [], elapsedMs: 0 };
}

function spawnedProcess(pid: number, command: string, spawnedAt: string | null): SpawnedProcess {
  return { pid, command, spawnedAt, startedAt: T0 + 100, endedAt: null, exitCode: null, signal: null };
}

/**
 * Fixed report data for the renderers: a leaky test (a server spawned by a helper, listening), a
 * leaky run, an allowed-only and a clean scope.
 */
export const leakyTest: ScopeResult = {
  file: 'test/server.test.ts',
  test: 'server > starts <and> stops',
  scope: 'test',
  startedAt: T0,
  endedAt: T0 + 2100,
  spawned: [
    spawnedProcess(100, 'node server.js --port 0', 'test/start-server.ts:6:17'),
    { ...spawnedProcess(99, 'git --version', 'test/server.test.ts:10:3'), endedAt: T0 + 130, exitCode: 0 },
  ],
  leaked: [
    {
      ...leaked(100, 50, 'node server.js --port 0'),
      kind: 'child',
      spawnedAt: 'test/start-server.ts:6:17',
      calledFrom: 'test/server.test.ts:22:5',
      listening: [3000, 3001],
      outcome: 'terminated',
      signal: 'SIGTERM',
      elapsedMs: 3,
    },
    {
      ...leaked(101, 100, 'sh -c echo "a & b" | cat'),
      kind: 'descendant',
      spawnedAt: 'test/start-server.ts:6:17',
      outcome: 'killed',
      signal: 'SIGKILL',
      elapsedMs: 1004,
    },
    {
      ...leaked(102, 100, 'sleep 1'),
      kind: 'descendant',
      spawnedAt: null,
      outcome: 'exited',
      signal: null,
      elapsedMs: 2,
    },
    {
      ...leaked(200, 1, 'sleep 900'),
      kind: 'orphan',
      spawnedAt: null,
      outcome: 'escaped',
      signal: 'SIGKILL',
      reason: 'timeout',
      elapsedMs: 2001,
    },
    {
      ...leaked(201, 1, 'sudo sleep 900'),
      kind: 'orphan',
      spawnedAt: null,
      outcome: 'escaped',
      signal: null,
      reason: 'denied',
      elapsedMs: 1,
    },
  ],
};

export const allowedOnly: ScopeResult = {
  file: 'test/build.test.ts',
  test: null,
  scope: 'file',
  startedAt: T0 + 3000,
  endedAt: T0 + 3500,
  spawned: [spawnedProcess(300, 'esbuild --service', 'test/build.test.ts:3:1')],
  leaked: [
    {
      ...leaked(300, 50, 'esbuild --service'),
      kind: 'child',
      spawnedAt: 'test/build.test.ts:3:1',
      outcome: 'allowed',
      signal: null,
    },
  ],
};

export const clean: ScopeResult = {
  file: 'test/a.test.ts',
  test: 'a',
  scope: 'test',
  startedAt: T0 + 4000,
  endedAt: T0 + 4200,
  spawned: [
    { ...spawnedProcess(500, 'node -e 1', 'test/a.test.ts:4:5'), endedAt: T0 + 4100, exitCode: 0 },
    { ...spawnedProcess(501, 'sleep 60', 'test/a.test.ts:5:5'), endedAt: T0 + 4150, signal: 'SIGTERM' },
  ],
  leaked: [],
};

export const leakyRun: ScopeResult = {
  file: null,
  test: null,
  scope: 'run',
  startedAt: T0 - 500,
  endedAt: T0 + 6000,
  spawned: [spawnedProcess(40, 'vitest run', null)],
  leaked: [
    {
      ...leaked(400, 1, 'sleep 300'),
      kind: 'orphan',
      spawnedAt: null,
      outcome: 'terminated',
      signal: 'SIGTERM',
      elapsedMs: 1,
    },
  ],
};

export const report: Report = {
  schema: 'reaper-report/2',
  runner: 'cli',
  status: 'checked',
  startedAt: T0 - 500,
  endedAt: T0 + 6000,
  summary: { scopes: 4, leakedScopes: 2, leakedProcesses: 6, escaped: 2, allowed: 1 },
  entries: [leakyTest, allowedOnly, clean, leakyRun],
};
