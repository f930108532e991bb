import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { runTap } from './run-tap.js';

// Line numbers matter: the failures name them.
const leaksTest = `import t from 'tap';
import { spawn, execSync } from 'node:child_process';

t.test('is clean when the test stops what it started', async (t) => {
  const child = spawn('sleep', ['300']);
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
  t.pass('stopped');
});
t.test('leaks a direct child', async (t) => {
  spawn('sleep', ['401']);
  t.pass('spawned');
});
t.test('outer', async (t) => {
  t.test('leaks an orphan', async (t) => {
    execSync("sh -c 'sleep 402 >/dev/null 2>&1 &'");
    t.pass('spawned');
  });
  t.test('runs after the leak, in the same block', async (t) => t.pass('ran'));
});
t.test('leaks a detached child in its own session', async (t) => {
  spawn('setsid', ['--fork', 'sleep', '403'], { stdio: 'ignore' });
  t.pass('spawned');
});
`;

const hooksTest = `import t from 'tap';
import { spawn } from 'node:child_process';

const stop = (child) => {
  child.kill();
  return new Promise((resolve) => child.once('exit', resolve));
};
t.test('stops its child in t.teardown', async (t) => {
  const child = spawn('sleep', ['300']);
  t.teardown(() => stop(child));
  t.pass('spawned');
});
t.test('block with hooks', async (t) => {
  let child;
  t.beforeEach(() => {
    child = spawn('sleep', ['300']);
  });
  t.afterEach(() => stop(child));
  t.test('is clean: its afterEach stops what its beforeEach started', async (t) => t.pass('ran'));
});
t.test('block whose beforeEach leaks', async (t) => {
  t.beforeEach(() => {
    spawn('sleep', ['404']);
  });
  t.test('owns what its beforeEach spawned', async (t) => t.pass('ran'));
});
`;

const cleanTest = `import t from 'tap';
import { execFileSync } from 'node:child_process';

t.test('runs a command to its end', async (t) => {
  t.equal(execFileSync('echo', ['hi'], { encoding: 'utf8' }), 'hi\\n');
});
`;

/** The TAP line of a failing test point whose description starts with `start`. */
const failureLine = (output: string, start: string) =>
  output
    .split('\n')
    .find((line) => line.trim().startsWith(`not ok`) && line.includes(start))
    ?.trim();

describe.each(['tap21', 'tap18'] as const)('%s', (tap) => {
  it('fails the leaking subtests, tap’s way, and writes one report for the run', async () => {
    const run = await runTap({
      tap,
      files: {
        'test/leaks.test.js': leaksTest,
        'test/hooks.test.js': hooksTest,
        'test/clean.test.js': cleanTest,
      },
    });
    expect(run.code).toBe(1);
    // Each leak fails its own subtest, which tap lists as failed, with reaper's failure beside it.
    for (const name of [
      'leaks a direct child',
      'leaks an orphan',
      'leaks a detached child in its own session',
    ]) {
      expect(failureLine(run.output, `- ${name}`)).toMatch(new RegExp(`^not ok \\d+ - ${name} # time=`));
    }
    expect(failureLine(run.output, 'reaper: 1 process outlived test "leaks a direct child"')).toMatch(
      /└─ PID sleep 401 {2}\(child\) terminated by SIGTERM in N ms, spawned at test\/leaks\.test\.js:11:3$/,
    );
    expect(failureLine(run.output, 'reaper: 1 process outlived test "outer > leaks an orphan"')).toMatch(
      /└─ PID sleep 402 {2}\(orphan\) terminated by SIGTERM in N ms, spawned at test\/leaks\.test\.js:16:5$/,
    );
    expect(
      failureLine(run.output, 'reaper: 1 process outlived test "leaks a detached child in its own session"'),
    ).toMatch(
      /└─ PID sleep 403 {2}\(orphan\) terminated by SIGTERM in N ms, spawned at test\/leaks\.test\.js:22:3$/,
    );
    // What a beforeEach hook spawns is its test's.
    expect(
      failureLine(
        run.output,
        'reaper: 1 process outlived test "block whose beforeEach leaks > owns what its beforeEach spawned"',
      ),
    ).toMatch(/sleep 404 {2}\(child\) terminated by SIGTERM in N ms, spawned at test\/hooks\.test\.js:23:5$/);
    // The rest of a block still runs; clean tests pass; a clean file passes.
    expect(run.output).toMatch(/^\s+ok \d+ - runs after the leak, in the same block/m);
    expect(run.output).toMatch(/^\s+ok \d+ - is clean when the test stops what it started/m);
    expect(run.output).toMatch(/^\s+ok \d+ - stops its child in t\.teardown/m);
    expect(run.output).toMatch(/^\s+ok \d+ - is clean: its afterEach stops what its beforeEach started/m);
    expect(run.output).toMatch(/^ok \d+ - test\/clean\.test\.js/m);
    expect(run.output).toContain(
      'reaper: 4 tests leaked 4 processes — all reaped; report: <project>/reaper-report.json',
    );
    expect(run.report?.runner).toBe('tap');
    expect(run.report?.status).toBe('checked');
    expect(run.report?.summary).toEqual({
      scopes: 8,
      leakedScopes: 4,
      leakedProcesses: 4,
      escaped: 0,
      allowed: 0,
    });
    const leaked = run.report?.entries
      .filter((entry) => entry.leaked.length > 0)
      .map((entry) => [entry.file, entry.test, entry.scope, entry.leaked.map((p) => p.command)])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(leaked).toEqual([
      [
        'test/hooks.test.js',
        'block whose beforeEach leaks > owns what its beforeEach spawned',
        'test',
        ['sleep 404'],
      ],
      ['test/leaks.test.js', 'leaks a detached child in its own session', 'test', ['sleep 403']],
      ['test/leaks.test.js', 'leaks a direct child', 'test', ['sleep 401']],
      ['test/leaks.test.js', 'outer > leaks an orphan', 'test', ['sleep 402']],
    ]);
    expect(findMarked()).toEqual([]);
  }, 240_000);
});
