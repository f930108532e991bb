import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { listedOf, runAva } from './run-ava.js';

// Line numbers matter: the failures name them.
const leaksTest = `import test from 'ava';
import { spawn, execSync } from 'node:child_process';

test('is clean when the test stops what it started', async (t) => {
  const child = spawn('sleep', ['300']);
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
  t.pass();
});
test('leaks a direct child', (t) => {
  spawn('sleep', ['401']);
  t.pass();
});
test('leaks an orphan', (t) => {
  execSync("sh -c 'sleep 402 >/dev/null 2>&1 &'");
  t.pass();
});
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

/** Three tests that run at the same time, each spawning while the others are between their spawns. */
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
`;

describe.each(['ava7', 'ava6'] as const)('%s', (ava) => {
  it.each([
    ['worker threads', true],
    ['a process per file', false],
  ])('%s: each leak fails its own test, concurrent tests apart', async (_, workerThreads) => {
    const run = await runAva({
      ava,
      workerThreads,
      files: { 'test/leaks.test.js': leaksTest, 'test/concurrent.test.js': concurrentTest },
    });
    expect(run.code).toBe(1);
    expect(listedOf(run.output)).toEqual([
      '✔ leaks › is clean when the test stops what it started',
      '✘ [fail]: concurrent › one reaper: 1 process outlived test "one"',
      '✘ [fail]: concurrent › three reaper: 1 process outlived test "three"',
      '✘ [fail]: concurrent › two reaper: 1 process outlived test "two"',
      '✘ [fail]: leaks › leaks a direct child reaper: 1 process outlived test "leaks a direct child"',
      '✘ [fail]: leaks › leaks an orphan reaper: 1 process outlived test "leaks an orphan"',
      '✘ [fail]: leaks › leaks from its teardown reaper: 1 process outlived test "leaks from its teardown"',
      '✘ [fail]: leaks › leaks in series reaper: 1 process outlived test "leaks in series"',
    ]);
    expect(run.output).toContain(`  Error: reaper: 1 process outlived test "leaks an orphan"
    in test/leaks.test.js
    └─ PID sleep 402  (orphan) terminated by SIGTERM in N ms, spawned at test/leaks.test.js:15:3`);
    expect(run.report?.runner).toBe('ava');
    expect(run.report?.summary).toEqual({
      scopes: 8,
      leakedScopes: 7,
      leakedProcesses: 7,
      escaped: 0,
      allowed: 0,
    });
    expect(
      run.report?.entries
        .map((e) => `${e.scope} ${e.file} ${e.test}: ${e.leaked.map((p) => `${p.command} (${p.kind})`)}`)
        .sort(),
    ).toEqual([
      'test test/concurrent.test.js one: sleep 411 (child)',
      'test test/concurrent.test.js three: sleep 413 (child)',
      'test test/concurrent.test.js two: sleep 412 (child)',
      'test test/leaks.test.js is clean when the test stops what it started: ',
      'test test/leaks.test.js leaks a direct child: sleep 401 (child)',
      'test test/leaks.test.js leaks an orphan: sleep 402 (orphan)',
      'test test/leaks.test.js leaks from its teardown: sleep 403 (child)',
      'test test/leaks.test.js leaks in series: sleep 404 (child)',
    ]);
    expect(findMarked()).toEqual([]);
  });
});
