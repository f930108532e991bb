import { describe, expect, it } from 'vitest';
import { withBystander } from '../../../test-support/bystander.js';
import { spawnedAndLeaked } from '../../../test-support/report-lines.js';
import { avaModes, avaVersions, listedOf, runAva } from './run-ava.js';

// What AVA has that the leak corpus (ava.e2e.test.ts) does not: hooks around every test, a test's
// own teardown, serial tests, tests that spawn while others run between their spawns.

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

/**
 * Three tests that run at the same time, each spawning while the others are between their spawns;
 * a test whose teardown leaks; a serial test. The file has no afterEach hook: each test is
 * checked after its last teardown.
 */
const concurrentTest = `import test from 'ava';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

for (const [name, delays] of [['one', [0, 60]], ['two', [20, 40]], ['three', [40, 20]]]) {
  test(name, async (t) => {
    await sleep(delays[0]);
    spawn('sleep', [name === 'one' ? '411' : name === 'two' ? '412' : '413']);
    await sleep(delays[1]);
    t.pass();
  });
}
test('leaks from its teardown', (t) => {
  t.teardown(() => {
    spawn('sleep', ['403']);
  });
  t.pass();
});
test.serial('leaks in series', (t) => {
  spawn('sleep', ['404']);
  t.pass();
});
`;

describe.each(avaVersions)('%s', (ava) => {
  it.each(avaModes)(
    '%s: hooks own what they spawn; teardowns, serial and concurrent tests theirs; a clean file stays quiet; a bystander lives',
    (_, workerThreads) =>
      withBystander(async () => {
        const run = await runAva({
          ava,
          workerThreads,
          files: {
            'test/hooks.test.js': hooksTest,
            'test/concurrent.test.js': concurrentTest,
            'test/clean.test.js': cleanTest,
          },
          env: { REAPER_HTML: 'reaper-report.html' },
        });
        expect(run.code).toBe(1);
        expect(listedOf(run.output)).toEqual([
          '✔ [expected fail] hooks › fails, and leaks',
          '✔ clean › spawns nothing',
          '✔ clean › stops its child in its teardown',
          '✔ hooks › leaks beside its server',
          '✔ hooks › uses the server its beforeEach started',
          '✘ [fail]: concurrent › leaks from its teardown reaper: 1 process outlived test "leaks from its teardown"',
          '✘ [fail]: concurrent › leaks in series reaper: 1 process outlived test "leaks in series"',
          '✘ [fail]: concurrent › one reaper: 1 process outlived test "one"',
          '✘ [fail]: concurrent › three reaper: 1 process outlived test "three"',
          '✘ [fail]: concurrent › two reaper: 1 process outlived test "two"',
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
        // Only the files that leaked say so, each of its own, with where the run's report is.
        const where = 'report: <project>/reaper-report.json; html: <project>/reaper-report.html';
        expect(run.output.match(/^reaper: .*$/gm)?.sort()).toEqual([
          `reaper: 2 tests and 1 file leaked 3 processes — all reaped; ${where}`,
          `reaper: 5 tests leaked 5 processes — all reaped; ${where}`,
        ]);
        expect(run.report?.summary).toEqual({
          scopes: 10,
          leakedScopes: 8,
          leakedProcesses: 8,
          escaped: 0,
          allowed: 0,
        });
        expect(spawnedAndLeaked(run.report)).toEqual([
          'file test/hooks.test.js null: sleep 421 / sleep 421 (child)',
          'test test/clean.test.js stops its child in its teardown: sleep 300 / ',
          'test test/concurrent.test.js leaks from its teardown: sleep 403 / sleep 403 (child)',
          'test test/concurrent.test.js leaks in series: sleep 404 / sleep 404 (child)',
          'test test/concurrent.test.js one: sleep 411 / sleep 411 (child)',
          'test test/concurrent.test.js three: sleep 413 / sleep 413 (child)',
          'test test/concurrent.test.js two: sleep 412 / sleep 412 (child)',
          'test test/hooks.test.js fails, and leaks: sleep 300,sleep 423 / sleep 423 (child)',
          'test test/hooks.test.js leaks beside its server: sleep 300,sleep 422 / sleep 422 (child)',
          'test test/hooks.test.js uses the server its beforeEach started: sleep 300 / ',
        ]);
      }),
  );
});
