import type { Report } from '../../src/index.js';

const T = 1_764_300_000_000;

/** Strings anyone can write into a test name, a file name or an argv, meant to run as script. */
export const XSS_TEST = '<img src=x onerror="window.__pwned=1">';
export const XSS_FILE = 'test/<svg onload=window.__pwned=2>.test.ts';
export const XSS_COMMAND = 'node -e "</script><script>window.__pwned=3</script><!--" \u2028 -->';

/**
 * A `reaper-report/2` report with every outcome: a test whose server leaves a descendant and a
 * zombie behind, a clean test, a file whose names try to inject markup, an allowed service, and the
 * run's own orphan.
 */
export const htmlReport: Report = {
  schema: 'reaper-report/2',
  runner: 'vitest',
  status: 'checked',
  startedAt: T,
  endedAt: T + 6000,
  summary: { scopes: 5, leakedScopes: 3, leakedProcesses: 6, escaped: 1, allowed: 1 },
  entries: [
    {
      file: 'test/server.test.ts',
      test: 'server > starts and stops',
      scope: 'test',
      startedAt: T + 100,
      endedAt: T + 1500,
      spawned: [
        {
          pid: 100,
          command: 'node server.js --port 3000',
          spawnedAt: 'test/helpers.ts:12:5',
          startedAt: T + 150,
          endedAt: null,
          exitCode: null,
          signal: null,
        },
      ],
      leaked: [
        {
          pid: 100,
          ppid: 50,
          command: 'node server.js --port 3000',
          kind: 'child',
          spawnedAt: 'test/helpers.ts:12:5',
          calledFrom: 'test/server.test.ts:30:9',
          startedAt: T + 150,
          listening: [3000, 9229],
          outcome: 'terminated',
          signal: 'SIGTERM',
          elapsedMs: 4,
        },
        {
          pid: 101,
          ppid: 100,
          command: 'sh -c "trap \'\' TERM; sleep 600"',
          kind: 'descendant',
          spawnedAt: 'test/helpers.ts:12:5',
          calledFrom: 'test/server.test.ts:30:9',
          startedAt: T + 300,
          listening: [],
          outcome: 'killed',
          signal: 'SIGKILL',
          elapsedMs: 1004,
        },
        {
          pid: 102,
          ppid: 101,
          command: 'sleep',
          kind: 'zombie',
          spawnedAt: 'test/helpers.ts:12:5',
          calledFrom: 'test/server.test.ts:30:9',
          startedAt: T + 320,
          listening: [],
          outcome: 'reaped',
          signal: null,
          elapsedMs: 1005,
        },
      ],
    },
    {
      file: 'test/server.test.ts',
      test: 'server > answers a ping',
      scope: 'test',
      startedAt: T + 1600,
      endedAt: T + 2600,
      spawned: [
        {
          pid: 110,
          command: 'curl -s http://localhost:3000/ping',
          spawnedAt: 'test/server.test.ts:41:7',
          startedAt: T + 1700,
          endedAt: T + 1900,
          exitCode: 0,
          signal: null,
        },
      ],
      leaked: [],
    },
    {
      file: XSS_FILE,
      test: XSS_TEST,
      scope: 'test',
      startedAt: T + 200,
      endedAt: T + 2200,
      spawned: [
        {
          pid: 200,
          command: XSS_COMMAND,
          spawnedAt: 'test/xss.test.ts:5:3',
          startedAt: T + 250,
          endedAt: null,
          exitCode: null,
          signal: null,
        },
      ],
      leaked: [
        {
          pid: 200,
          ppid: 50,
          command: XSS_COMMAND,
          kind: 'child',
          spawnedAt: 'test/xss.test.ts:5:3',
          calledFrom: null,
          startedAt: T + 250,
          listening: [],
          outcome: 'escaped',
          signal: 'SIGKILL',
          reason: 'timeout',
          elapsedMs: 2001,
        },
        {
          pid: 201,
          ppid: 1,
          command: 'sleep 900',
          kind: 'orphan',
          spawnedAt: 'test/xss.test.ts:5:3',
          calledFrom: null,
          startedAt: T + 400,
          listening: [],
          outcome: 'exited',
          signal: null,
          elapsedMs: 30,
        },
      ],
    },
    {
      file: XSS_FILE,
      test: 'build > bundles',
      scope: 'test',
      startedAt: T + 2300,
      endedAt: T + 3300,
      spawned: [
        {
          pid: 300,
          command: 'esbuild --service=0.25.0 --ping',
          spawnedAt: 'test/build.test.ts:3:1',
          startedAt: T + 2350,
          endedAt: null,
          exitCode: null,
          signal: null,
        },
      ],
      leaked: [
        {
          pid: 300,
          ppid: 50,
          command: 'esbuild --service=0.25.0 --ping',
          kind: 'child',
          spawnedAt: 'test/build.test.ts:3:1',
          calledFrom: null,
          startedAt: T + 2350,
          listening: [],
          outcome: 'allowed',
          signal: null,
          elapsedMs: 0,
        },
      ],
    },
    {
      file: null,
      test: null,
      scope: 'run',
      startedAt: T,
      endedAt: T + 5900,
      spawned: [],
      leaked: [
        {
          pid: 400,
          ppid: 1,
          command: 'sleep 301',
          kind: 'orphan',
          spawnedAt: null,
          calledFrom: null,
          startedAt: T + 5000,
          listening: [],
          outcome: 'terminated',
          signal: 'SIGTERM',
          elapsedMs: 2,
        },
      ],
    },
  ],
};
