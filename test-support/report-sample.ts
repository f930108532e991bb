/**
 * Report data in the `reaper-report/1` schema, as older versions wrote it: readers convert it to
 * `/2`. One sample for core's reader tests and the CLI's `reaper report` tests. Plain JSON values,
 * typed loosely on purpose: `/1` has no type of its own any more.
 */

type V1Entry = Record<string, unknown>;

/**
 * A test whose server (spawned at its line 12) left a descendant that needed SIGKILL, one that
 * ended before it was signalled (`/1` wrote it as `terminated` without a signal), and an orphan
 * that escaped.
 */
export const v1LeakyTest = {
  file: 'test/server.test.ts',
  test: 'server > starts',
  scope: 'test',
  spawned: 2,
  leaked: [
    {
      pid: 100,
      ppid: 50,
      command: 'node server.js',
      kind: 'child',
      spawnedAt: 'test/server.test.ts:12:5',
      outcome: 'terminated',
      signal: 'SIGTERM',
      ms: 3,
    },
    {
      pid: 101,
      ppid: 100,
      command: 'sleep 1',
      kind: 'descendant',
      spawnedAt: null,
      outcome: 'terminated',
      signal: null,
      ms: 2,
    },
    {
      pid: 102,
      ppid: 100,
      command: 'sleep 300',
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
} satisfies V1Entry;

/** A test that spawned and cleaned up: `/1` kept only the count. */
export const v1CleanTest = {
  file: 'test/a.test.ts',
  test: 'a',
  scope: 'test',
  spawned: 4,
  leaked: [],
} satisfies V1Entry;

/** The run's own scope, with an orphan no test owned. */
export const v1LeakyRun = {
  file: null,
  test: null,
  scope: 'run',
  spawned: 1,
  leaked: [
    {
      pid: 7,
      ppid: 1,
      command: 'sleep 301',
      kind: 'orphan',
      spawnedAt: null,
      outcome: 'terminated',
      signal: 'SIGTERM',
      ms: 2,
    },
  ],
} satisfies V1Entry;

/** A `/1` report of `entries`, its summary all zeros: readers recompute it and never trust it. */
export function v1Shard(runner: string, entries: V1Entry[]): V1Entry {
  return {
    schema: 'reaper-report/1',
    runner,
    summary: { scopes: 0, leakedScopes: 0, processes: 0, escaped: 0 },
    entries,
  };
}

/** A whole `/1` run, its summary as `/1` wrote it: the leaky test and the clean one. */
export const v1Report = {
  ...v1Shard('jest', [v1LeakyTest, v1CleanTest]),
  summary: { scopes: 2, leakedScopes: 1, processes: 4, escaped: 1 },
};
