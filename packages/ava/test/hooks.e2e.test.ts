import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findMarked, isAlive } from '../../../test-support/processes.js';
import { listedOf, runAva } from './run-ava.js';

// Line numbers matter: the failures name them.
const hooksTest = `import test from 'ava';
import { spawn } from 'node:child_process';

const stop = (child) => {
  child.kill();
  return new Promise((resolve) => child.once('exit', resolve));
};

test.before(() => {
  spawn('sleep', ['421']);
});
test.beforeEach((t) => {
  t.context.server = spawn('sleep', ['300']);
});
test.afterEach.always((t) => stop(t.context.server));

test('uses the server its beforeEach started', (t) => {
  t.truthy(t.context.server.pid);
});
test('leaks beside its server', (t) => {
  spawn('sleep', ['422']);
  t.pass();
});
test.failing('fails, and leaks', (t) => {
  spawn('sleep', ['423']);
  t.fail();
});
`;

/** Spawns and stops: no line of reaper's, an entry in the report. */
const cleanTest = `import test from 'ava';
import { spawn } from 'node:child_process';

test('stops its child in its teardown', (t) => {
  const child = spawn('sleep', ['300']);
  t.teardown(() => {
    child.kill();
    return new Promise((resolve) => child.once('exit', resolve));
  });
  t.pass();
});
test.serial('spawns nothing', (t) => {
  t.pass();
});
`;

describe.each([
  ['ava7', true],
  ['ava7', false],
  ['ava6', true],
] as const)('%s (worker threads: %s)', (ava, workerThreads) => {
  it('hooks own what they spawn; a clean file stays quiet; a bystander lives; one report', async () => {
    // A process of this test's, outside AVA's run: reaper must leave it alone.
    const bystander = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      const run = await runAva({
        ava,
        workerThreads,
        files: { 'test/hooks.test.js': hooksTest, 'test/clean.test.js': cleanTest },
        env: { REAPER_HTML: 'reaper-report.html' },
      });
      expect(run.code).toBe(1);
      expect(listedOf(run.output)).toEqual([
        '✔ [expected fail] hooks › fails, and leaks',
        '✔ clean › spawns nothing',
        '✔ clean › stops its child in its teardown',
        '✔ hooks › leaks beside its server',
        '✔ hooks › uses the server its beforeEach started',
        '✘ [fail]: hooks › after.always hook reaper: 1 process outlived file test/hooks.test.js',
        '✘ [fail]: hooks › afterEach.always hook for fails, and leaks reaper: 1 process outlived test "fails, and leaks"',
        '✘ [fail]: hooks › afterEach.always hook for leaks beside its server reaper: 1 process outlived test "leaks beside its server"',
      ]);
      expect(run.output).toContain(
        '└─ PID sleep 422  (child) terminated by SIGTERM in N ms, spawned at test/hooks.test.js:21:3',
      );
      expect(run.output).toContain(
        '└─ PID sleep 421  (child) terminated by SIGTERM in N ms, spawned at test/hooks.test.js:10:3',
      );
      // Only the file that leaked says so, with where the run's report is.
      expect(run.output.match(/^reaper: .*$/gm)).toEqual([
        'reaper: 2 tests and 1 file leaked 3 processes — all reaped; report: <project>/reaper-report.json; html: <project>/reaper-report.html',
      ]);
      expect(run.report?.summary).toEqual({
        scopes: 5,
        leakedScopes: 3,
        leakedProcesses: 3,
        escaped: 0,
        allowed: 0,
      });
      expect(
        run.report?.entries
          .map(
            (e) =>
              `${e.scope} ${e.file} ${e.test}: ${e.spawned.map((p) => p.command)} / ${e.leaked.map((p) => p.command)}`,
          )
          .sort(),
      ).toEqual([
        'file test/hooks.test.js null: sleep 421 / sleep 421',
        'test test/clean.test.js stops its child in its teardown: sleep 300 / ',
        'test test/hooks.test.js fails, and leaks: sleep 300,sleep 423 / sleep 423',
        'test test/hooks.test.js leaks beside its server: sleep 300,sleep 422 / sleep 422',
        'test test/hooks.test.js uses the server its beforeEach started: sleep 300 / ',
      ]);
      expect(isAlive(bystander.pid!)).toBe(true);
      expect(findMarked()).toEqual([bystander.pid]);
    } finally {
      bystander.kill('SIGKILL');
    }
  });
});
