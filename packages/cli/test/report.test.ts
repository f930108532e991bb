import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatGithub,
  formatJunit,
  formatMarkdown,
  mergeReports,
  parseReport,
  type Report,
} from '@reaper/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v1CleanTest, v1LeakyRun, v1LeakyTest, v1Shard } from '../../../test-support/report-sample.js';
import { runCli } from './cli.js';

let dir: string;

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
  // The `reaper-report/1` shards, as older versions wrote them: readers convert them.
  writeFileSync(
    file('shard-1.json'),
    JSON.stringify(v1Shard('cli', [v1LeakyTest, { ...v1LeakyRun, leaked: [] }])),
  );
  writeFileSync(file('shard-2.json'), JSON.stringify(v1Shard('cli', [v1CleanTest, v1LeakyRun])));
  writeFileSync(file('clean.json'), JSON.stringify(v1Shard('vitest', [v1CleanTest])));
  writeFileSync(file('helper-server.json'), JSON.stringify(helperServer));
  writeFileSync(file('skipped.json'), JSON.stringify(skipped));
  writeFileSync(file('bad.json'), '{"schema": "reaper-report/1", "entries": [');
  writeFileSync(file('other.json'), JSON.stringify({ schema: 'eslint-report/3' }));
  writeFileSync(
    file('broken-entry.json'),
    JSON.stringify(v1Shard('jest', [{ ...v1CleanTest, scope: 'describe' }])),
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
      "reaper: 4 processes outlived test "server > starts"
        in test/server.test.ts
        ├─ 100 node server.js  (child) terminated by SIGTERM in 3 ms, spawned at test/server.test.ts:12:5
        │  ├─ 101 sleep 1  (descendant) exited by itself in 2 ms
        │  └─ 102 sleep 300  (descendant) killed by SIGKILL in 1004 ms
        └─ 200 sleep 900  (orphan) ESCAPED (timeout): still alive 2001 ms after SIGKILL
        1 process survived SIGKILL and is still running: see docs/limits.md.

      reaper: 1 process outlived the run
        └─ 7 sleep 301  (orphan) terminated by SIGTERM in 2 ms

      reaper: 1 test and the run leaked 5 processes — 1 escaped
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
      summary: { scopes: 4, leakedScopes: 2, leakedProcesses: 5, escaped: 1, allowed: 0 },
    });
    expect(merged.entries.map((e) => [e.scope, e.test, e.spawned, e.leaked.map((p) => p.elapsedMs)])).toEqual(
      [
        ['test', 'server > starts', [], [3, 2, 1004, 2001]],
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

  // The exact text of each format is pinned by core's tests of its renderers; here, that the CLI
  // prints core's rendering of the shards merged, with the flag before or after the files.
  it.each([
    ['markdown', formatMarkdown, ['--format', 'markdown', 'shard-1.json', 'shard-2.json']],
    ['github', formatGithub, ['shard-1.json', 'shard-2.json', '--format', 'github']],
    ['junit', formatJunit, ['shard-1.json', 'shard-2.json', '--format', 'junit']],
  ] as const)('%s', async (_format, formatter, args) => {
    const done = await report(...args);
    expect(done.status).toBe(0);
    expect(done.stderr).toBe('');
    const shards = ['shard-1.json', 'shard-2.json'].map((name) =>
      parseReport(readFileSync(file(name), 'utf8')),
    );
    expect(done.stdout).toBe(formatter(mergeReports(shards)));
    for (const command of ['node server.js', 'sleep 1', 'sleep 300', 'sleep 900', 'sleep 301']) {
      expect(done.stdout).toContain(command);
    }
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
    // Converted from /1, the shards hold no times: the page claims no start and no duration.
    expect(done.stdout).toContain('<p class="meta">runner cli</p>');
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
