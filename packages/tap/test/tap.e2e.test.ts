import { describe, expect, it } from 'vitest';
import * as corpus from '../../../test-support/leak-scenarios.js';
import { findMarked } from '../../../test-support/processes.js';
import { spawnedAndLeaked } from '../../../test-support/report-lines.js';
import { runTap } from './run-tap.js';

// The leak corpus (test-support/leak-scenarios.ts) in tap's form: a block is a subtest with
// subtests, so what its `t.before` spawns is that subtest's (its scope is a test's); `afterAll` is
// the block's `t.teardown`. Declarations go to the subtest whose function is running. tap's adapter
// has no `allow`: the allowed helper's scenario is left out.
const leakStyle: corpus.LeakStyle = {
  format: 'esm',
  imports: `import tap from 'tap';
let current = tap;
const within = (t, body) => {
  const outer = current;
  current = t;
  try {
    body();
  } finally {
    current = outer;
  }
};
const describe = (title, body) => current.test(title, async (t) => within(t, body));
const it = (title, fn) => current.test(title, async (t) => {
  await fn();
  t.pass(title);
});
const beforeAll = (fn) => current.before(fn);
const afterAll = (fn) => current.teardown(fn);
const afterEach = (fn) => current.afterEach(fn);`,
  hooks: 'beforeAll',
  suites: 'test',
  allows: false,
};

// What tap has that the corpus does not: a test's own t.teardown, and beforeEach/afterEach hooks
// (what a block's beforeEach spawns is each of its tests'). Line numbers matter: the failures name them.
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

/**
 * reaper's failure as tap prints it: its test point, whose description is the report with each
 * line break made a space, as lines again (each line of the report's is indented by two spaces at
 * least, and no line has three spaces inside).
 */
const tapFailure = (output: string, failure: corpus.LeakFailure) =>
  (failureLine(output, `- ${corpus.headlineOf(failure)}`) ?? '').replace(/ ( {2,})(?=in |├─|└─|│)/g, '\n$1');

describe.each(['tap21', 'tap18'] as const)('%s', (tap) => {
  it("each leak fails its own subtest with the spawn line; a block's before hook is the block's", async () => {
    const run = await runTap({ tap, files: corpus.leakFiles(leakStyle) });
    const failures = corpus.leakFailuresOf(leakStyle);
    // Each leak fails its own subtest, which tap lists as failed, with reaper's failure beside it.
    for (const f of failures)
      expect(failureLine(run.output, `- ${f.title} #`)).toMatch(
        new RegExp(`^not ok \\d+ - ${corpus.literally(f.title)} # time=`),
      );
    const direct = failures.find((f) => f.title === 'leaks a direct child')!;
    expect(failureLine(run.output, corpus.headlineOf(direct))).toMatch(
      new RegExp(
        `└─ PID sleep 401 {2}\\(child\\) terminated by SIGTERM in N ms, spawned at ${corpus.literally(corpus.siteOf(leakStyle, direct.leaks[0]!.at))}$`,
      ),
    );
    // The rest of a block still runs; clean tests pass; a clean file passes.
    for (const { test } of corpus.leakPassesOf(leakStyle))
      expect(run.output).toMatch(
        new RegExp(`^\\s*ok \\d+ - ${corpus.literally(test.split(' > ').at(-1)!)}`, 'm'),
      );
    expect(run.output).toMatch(/^ok \d+ - clean\.test\.js/m);
    expect(run.report?.runner).toBe('tap');
    expect(run.report?.status).toBe('checked');
    corpus.expectLeakRun(leakStyle, run, { failureOf: tapFailure });
  }, 240_000);

  it("a beforeEach hook's spawn is its test's; t.teardown and afterEach stop theirs", async () => {
    const run = await runTap({
      tap,
      files: { 'test/hooks.test.js': hooksTest, 'test/clean.test.js': cleanTest },
    });
    expect(run.code).toBe(1);
    expect(failureLine(run.output, '- owns what its beforeEach spawned #')).toMatch(
      /^not ok \d+ - owns what its beforeEach spawned # time=/,
    );
    expect(
      failureLine(
        run.output,
        'reaper: 1 process outlived test "block whose beforeEach leaks > owns what its beforeEach spawned"',
      ),
    ).toMatch(/sleep 404 {2}\(child\) terminated by SIGTERM in N ms, spawned at test\/hooks\.test\.js:23:5$/);
    expect(run.output).toMatch(/^\s+ok \d+ - stops its child in t\.teardown/m);
    expect(run.output).toMatch(/^\s+ok \d+ - is clean: its afterEach stops what its beforeEach started/m);
    expect(run.output).toMatch(/^ok \d+ - test\/clean\.test\.js/m);
    expect(run.output).toContain(
      'reaper: 1 test leaked 1 process — all reaped; report: <project>/reaper-report.json',
    );
    expect(run.report?.summary).toEqual({
      scopes: 4,
      leakedScopes: 1,
      leakedProcesses: 1,
      escaped: 0,
      allowed: 0,
    });
    expect(spawnedAndLeaked(run.report)).toEqual([
      'test test/clean.test.js runs a command to its end: echo hi / ',
      'test test/hooks.test.js block whose beforeEach leaks > owns what its beforeEach spawned: sleep 404 / sleep 404 (child)',
      'test test/hooks.test.js block with hooks > is clean: its afterEach stops what its beforeEach started: sleep 300 / ',
      'test test/hooks.test.js stops its child in t.teardown: sleep 300 / ',
    ]);
    expect(findMarked()).toEqual([]);
  }, 240_000);
});
