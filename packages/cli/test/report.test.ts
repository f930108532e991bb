import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '@reaper/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

let dir: string;

/** The shards below are `reaper-report/1` files, as older versions wrote them: readers convert them. */
type V1Entry = Record<string, unknown>;

const leakyTest: V1Entry = {
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
      command: 'sleep 300',
      kind: 'descendant',
      spawnedAt: 'test/server.test.ts:12:5',
      outcome: 'killed',
      signal: 'SIGKILL',
      ms: 1004,
    },
  ],
};
const cleanTest: V1Entry = { file: 'test/a.test.ts', test: 'a', scope: 'test', spawned: 1, leaked: [] };
const leakyRun: V1Entry = {
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
};
const shard = (runner: string, entries: V1Entry[]) => ({
  schema: 'reaper-report/1',
  runner,
  summary: { scopes: 0, leakedScopes: 0, processes: 0, escaped: 0 }, // recomputed on merge
  entries,
});

const T0 = 1764300000000;
/** A `reaper-report/2` shard: a server started by a helper, still listening when the test ended. */
const helperServer: Report = {
  schema: 'reaper-report/2',
  runner: 'node-test',
  status: 'checked',
  startedAt: T0,
  endedAt: T0 + 900,
  summary: { scopes: 1, leakedScopes: 1, leakedProcesses: 1, escaped: 0, allowed: 0 },
  entries: [
    {
      file: 'test/server.test.js',
      test: 'server > listens',
      scope: 'test',
      startedAt: T0 + 10,
      endedAt: T0 + 40,
      spawned: [
        {
          pid: 4657,
          command: 'node server.js',
          spawnedAt: 'test/start-server.js:6:17',
          startedAt: T0 + 12,
          endedAt: null,
          exitCode: null,
          signal: null,
        },
      ],
      leaked: [
        {
          pid: 4657,
          ppid: 4600,
          command: 'node server.js',
          kind: 'child',
          spawnedAt: 'test/start-server.js:6:17',
          calledFrom: 'test/server.test.js:22:5',
          startedAt: T0 + 12,
          listening: [3000],
          outcome: 'terminated',
          signal: 'SIGTERM',
          elapsedMs: 10,
        },
      ],
    },
  ],
};
const skipped: Report = {
  schema: 'reaper-report/2',
  runner: 'mocha',
  status: 'skipped',
  skipReason: 'no process table backend for platform `win32`',
  startedAt: T0,
  endedAt: T0 + 5,
  summary: { scopes: 0, leakedScopes: 0, leakedProcesses: 0, escaped: 0, allowed: 0 },
  entries: [],
};

const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reaper-report-test-'));
  writeFileSync(file('shard-1.json'), JSON.stringify(shard('cli', [leakyTest, { ...leakyRun, leaked: [] }])));
  writeFileSync(file('shard-2.json'), JSON.stringify(shard('cli', [cleanTest, leakyRun])));
  writeFileSync(file('clean.json'), JSON.stringify(shard('vitest', [cleanTest])));
  writeFileSync(file('helper-server.json'), JSON.stringify(helperServer));
  writeFileSync(file('skipped.json'), JSON.stringify(skipped));
  writeFileSync(file('bad.json'), '{"schema": "reaper-report/1", "entries": [');
  writeFileSync(file('other.json'), JSON.stringify({ schema: 'eslint-report/3' }));
  writeFileSync(
    file('broken-entry.json'),
    JSON.stringify(shard('jest', [{ ...cleanTest, scope: 'describe' } as never])),
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const report = (...args: string[]) => runCli(['report', ...args], { cwd: dir });

describe('reaper report renders merged shards', () => {
  it('text', async () => {
    const done = await report('shard-1.json', 'shard-2.json');
    expect(done.status).toBe(0);
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatchInlineSnapshot(`
      "reaper: 2 processes outlived test "server > starts"
        in test/server.test.ts
        └─ 100 node server.js  (child) terminated by SIGTERM in 3 ms, spawned at test/server.test.ts:12:5
           └─ 101 sleep 300  (descendant) killed by SIGKILL in 1004 ms

      reaper: 1 process outlived the run
        └─ 7 sleep 301  (orphan) terminated by SIGTERM in 2 ms

      reaper: 1 test and the run leaked 3 processes — all reaped
      "
    `);
  });

  it('json', async () => {
    const done = await report('shard-1.json', 'shard-2.json', 'shard-1.json', '--format', 'json');
    expect(done.status).toBe(0);
    // reaper-report/1 in, reaper-report/2 out.
    const merged = JSON.parse(done.stdout) as Report;
    expect(merged).toMatchObject({
      schema: 'reaper-report/2',
      runner: 'cli',
      status: 'checked',
      startedAt: 0,
      endedAt: 0,
      summary: { scopes: 4, leakedScopes: 2, leakedProcesses: 3, escaped: 0, allowed: 0 },
    });
    expect(merged.entries.map((e) => [e.scope, e.test, e.spawned, e.leaked.map((p) => p.elapsedMs)])).toEqual(
      [
        ['test', 'server > starts', [], [3, 1004]],
        ['run', null, [], []],
        ['test', 'a', [], []],
        ['run', null, [], [2]],
      ],
    );
  });

  it('json keeps the shared runner, or says mixed for a mix', async () => {
    expect(JSON.parse((await report('clean.json', '--format=json')).stdout).runner).toBe('vitest');
    expect(JSON.parse((await report('clean.json', 'shard-2.json', '--format=json')).stdout).runner).toBe(
      'mixed',
    );
  });

  it('a reaper-report/2 shard names the ports and the test line that called the helper', async () => {
    const done = await report('helper-server.json');
    expect(done.stdout).toMatchInlineSnapshot(`
      "reaper: 1 process outlived test "server > listens"
        in test/server.test.js
        └─ 4657 node server.js  (child) listening on :3000, terminated by SIGTERM in 10 ms, spawned at test/start-server.js:6:17 via test/server.test.js:22:5

      reaper: 1 test leaked 1 process — all reaped
      "
    `);
    const json = JSON.parse((await report('helper-server.json', '--format', 'json')).stdout);
    expect(json).toEqual(helperServer);
  });

  it('--output FILE writes the rendering there, not to stdout', async () => {
    const done = await report('shard-2.json', '--format', 'junit', '--output', 'out/reaper.xml');
    expect(done.status).toBe(0);
    expect(done.stdout).toBe('');
    expect(readFileSync(file('out/reaper.xml'), 'utf8')).toContain(
      '<testcase classname="run" name="the run">',
    );
  });

  it('markdown', async () => {
    const done = await report('--format', 'markdown', 'shard-1.json', 'shard-2.json');
    expect(done.stdout).toMatchInlineSnapshot(`
      "### reaper: 1 test and the run leaked 3 processes — all reaped

      | scopes | leaked scopes | leaked processes | escaped | allowed |
      | -----: | ------------: | ---------------: | ------: | ------: |
      | 4 | 2 | 3 | 0 | 0 |

      | scope | file | leaked | escaped | allowed |
      | ----- | ---- | -----: | ------: | ------: |
      | test "server \\> starts" | \`test/server.test.ts\` | 2 | 0 | 0 |
      | the run |  | 1 | 0 | 0 |

      \`\`\`text
      reaper: 2 processes outlived test "server > starts"
        in test/server.test.ts
        └─ 100 node server.js  (child) terminated by SIGTERM in 3 ms, spawned at test/server.test.ts:12:5
           └─ 101 sleep 300  (descendant) killed by SIGKILL in 1004 ms
      \`\`\`

      \`\`\`text
      reaper: 1 process outlived the run
        └─ 7 sleep 301  (orphan) terminated by SIGTERM in 2 ms
      \`\`\`
      "
    `);
  });

  it('github', async () => {
    const done = await report('shard-1.json', 'shard-2.json', '--format', 'github');
    expect(done.stdout).toMatchInlineSnapshot(`
      "::error file=test/server.test.ts,line=12,col=5::reaper: 100 node server.js (child) outlived test "server > starts": terminated by SIGTERM in 3 ms
      ::error file=test/server.test.ts,line=12,col=5::reaper: 101 sleep 300 (descendant) outlived test "server > starts": killed by SIGKILL in 1004 ms
      ::error::reaper: 7 sleep 301 (orphan) outlived the run: terminated by SIGTERM in 2 ms
      "
    `);
  });

  it('junit', async () => {
    const done = await report('shard-1.json', 'shard-2.json', '--format', 'junit');
    expect(done.stdout).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="reaper" tests="2" failures="2" errors="0" skipped="0">
        <testsuite name="reaper" tests="2" failures="2" errors="0" skipped="0">
          <testcase classname="test/server.test.ts" name="test &quot;server &gt; starts&quot;" file="test/server.test.ts">
            <failure type="reaper.leak" message="reaper: 2 processes outlived test &quot;server &gt; starts&quot;">reaper: 2 processes outlived test &quot;server &gt; starts&quot;
        in test/server.test.ts
        └─ 100 node server.js  (child) terminated by SIGTERM in 3 ms, spawned at test/server.test.ts:12:5
           └─ 101 sleep 300  (descendant) killed by SIGKILL in 1004 ms</failure>
          </testcase>
          <testcase classname="run" name="the run">
            <failure type="reaper.leak" message="reaper: 1 process outlived the run">reaper: 1 process outlived the run
        └─ 7 sleep 301  (orphan) terminated by SIGTERM in 2 ms</failure>
          </testcase>
        </testsuite>
      </testsuites>
      "
    `);
  });

  it('html', async () => {
    const done = await report('shard-1.json', 'shard-2.json', '--format', 'html');
    expect(done.stdout).toMatch(/^<!doctype html>\n/);
    expect(done.stdout).toContain('<meta http-equiv="Content-Security-Policy"');
    const data = done.stdout.match(/<script type="application\/json" id="reaper-data">(.*)<\/script>/)?.[1];
    expect(JSON.parse(data ?? 'null').files.map((f: { file: string | null }) => f.file)).toEqual([
      'test/server.test.ts',
      null,
      'test/a.test.ts',
    ]);
  });
});

describe('reaper report --fail-on-leak', () => {
  it('exits 1 when a report holds a leak', async () => {
    const done = await report('clean.json', 'shard-2.json', '--fail-on-leak', '--format', 'github');
    expect(done.status).toBe(1);
    expect(done.stdout).toContain('::error::reaper: 7 sleep 301 (orphan) outlived the run');
  });

  it('exits 4 when nothing was checked (every report skipped), and says so', async () => {
    const done = await report('skipped.json', '--fail-on-leak');
    expect(done.status).toBe(4);
    expect(done.stdout).toBe(
      'reaper: skipped — no process table backend for platform `win32`; nothing was checked\n',
    );
    expect(done.stderr).toBe(
      'reaper report: reaper: skipped — no process table backend for platform `win32`; nothing was checked (--fail-on-leak)\n',
    );
  });

  it('a skipped shard beside a checked one is a checked run: exit 0 without leaks', async () => {
    const done = await report('skipped.json', 'clean.json', '--fail-on-leak');
    expect(done.status).toBe(0);
    expect(done.stdout).toBe('reaper: no leaked processes (1 scope spawned 0)\n');
  });

  it('exits 0 when none does', async () => {
    const done = await report('clean.json', '--fail-on-leak');
    expect(done.status).toBe(0);
    // A reaper-report/1 file held only a count of spawns: converted, the list is empty.
    expect(done.stdout).toBe('reaper: no leaked processes (1 scope spawned 0)\n');
  });
});

describe('reaper report refuses bad input with one line and exit 2, writing nothing', () => {
  it.each([
    [['missing.json'], 'reaper report: missing.json: no such file'],
    [['bad.json'], /^reaper report: bad\.json: invalid JSON: .+$/],
    [
      ['other.json'],
      'reaper report: other.json: unknown schema "eslint-report/3" (expected "reaper-report/2" or "reaper-report/1")',
    ],
    [
      ['broken-entry.json'],
      'reaper report: broken-entry.json: entries[0].scope: expected one of "test", "suite", "file", "run", got "describe"',
    ],
    [['shard-1.json', 'bad.json'], /^reaper report: bad\.json: invalid JSON: .+$/],
    [['.'], 'reaper report: .: is a directory, not a report file'],
    [
      ['shard-1.json', '--format', 'yaml'],
      'reaper report: Expected --format to be one of text, json, markdown, github, junit, html, got `yaml`.',
    ],
    [
      ['shard-1.json', '--fail-on-leaks'],
      'reaper report: unknown option `--fail-on-leaks`. Expected one of: --format, --output, --fail-on-leak, --help, -h.',
    ],
  ])('%j', async (args, message) => {
    const done = await report(...args);
    expect(done.status).toBe(2);
    expect(done.stdout).toBe('');
    expect(done.stderr.endsWith('\n')).toBe(true);
    const lines = done.stderr.slice(0, -1).split('\n');
    expect(lines).toHaveLength(1);
    if (typeof message === 'string') expect(lines[0]).toBe(message);
    else expect(lines[0]).toMatch(message);
  });

  it('without files prints the usage', async () => {
    const done = await report('--format', 'json');
    expect(done.status).toBe(2);
    expect(done.stderr).toContain('Usage: reaper report <file...>');
  });
});
