import { describe, expect, it } from 'vitest';
import * as interrupt from '../../../test-support/interrupt-scenarios.js';
import {
  expectLeakRun,
  failureAt,
  type LeakStyle,
  leakAllow,
  leakFailures,
  leakFiles,
  leakPasses,
  literally,
  siteOf,
} from '../../../test-support/leak-scenarios.js';
import * as modes from '../../../test-support/mode-scenarios.js';
import { eventually, findMarked } from '../../../test-support/processes.js';
import { findNodeBinaries } from './node-versions.js';
import { describeEntries, runNodeTest } from './run-node-test.js';

const nodes = await findNodeBinaries();

// The leak corpus (test-support/leak-scenarios.ts), with `allow` from a preload of one's own.
const leakStyle: LeakStyle = {
  format: 'cjs',
  imports: "const { after, afterEach, before, describe, it } = require('node:test');",
  hooks: 'before',
};
const leakProject = {
  'reaper.mjs': `import { installReaper } from '@reaper/node-test/install';
installReaper({ allow: [${JSON.stringify(leakAllow)}] });
`,
  ...leakFiles(leakStyle),
};

const leakyFile = (n: number) => `
const { test } = require('node:test');
const { spawn } = require('node:child_process');
test('leaks ${n}', () => {
  spawn('sleep', ['31${n}']);
});
test('clean ${n}', async () => {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
});
`;

describe.each(nodes)('Node $major', ({ path, missing }) => {
  const node = path ?? '';
  const skipped = missing ? ` (skipped: ${missing})` : '';

  it.skipIf(!path)(
    `each leak fails its own test with the spawn line; a suite's server is the suite's${skipped}`,
    async () => {
      const run = await runNodeTest({ node, preload: ['--import', './reaper.mjs'], files: leakProject });
      for (const { test } of leakPasses) expect(run.output).toContain(`✔ ${test.split(' > ').at(-1)} (T)`);
      const direct = leakFailures.find((f) => f.title === 'leaks a direct child')!;
      const site = siteOf(leakStyle, direct.leaks[0]!.at);
      // The whole failure as node:test prints it: in its block (Node 20), or in the list of failed
      // tests at the end (Node 22 and later).
      expect(run.output).toMatch(
        new RegExp(
          literally(`✖ leaks a direct child (T)
#Error: reaper: 1 process outlived test "leaks > leaks a direct child"
#  in leaks.test.js
#  └─ PID sleep 401  (child) terminated by SIGTERM in N ms, spawned at ${site}
#    at <project>/${site}`)
            .replace('#', '( *)')
            .replace(/#/g, '\\1'),
        ),
      );
      expect(run.output).toMatch(
        /▶ server\n {2}▶ with cleanup in afterEach\n {4}✔ is clean \(T\)\n {2}✔ with cleanup in afterEach \(T\)\n {2}✔ uses the server \(T\)\n✔ server \(T\)/,
      );
      expect(run.report?.runner).toBe('node-test');
      expectLeakRun(leakStyle, run, { failureOf: failureAt });
    },
  );

  it.skipIf(!path)(
    `nested and concurrent blocks, subtests, hooks' order, what the file's own code leaves${skipped}`,
    async () => {
      const run = await runNodeTest({
        node,
        files: {
          'nested.test.cjs': `
const { describe, it, after, afterEach, before, beforeEach } = require('node:test');
const { spawn } = require('node:child_process');
const { setTimeout: sleep } = require('node:timers/promises');
spawn('sleep', ['320']);
let server;
before(() => { server = spawn('sleep', ['324']); });
after(() => { server.kill(); });
describe('parallel', { concurrency: true }, () => {
  it('leaks late', async () => { await sleep(50); spawn('sleep', ['325']); });
  it('quick', async () => { await sleep(10); });
});
describe('outer', () => {
  let shared;
  beforeEach(() => { shared = spawn('sleep', ['321']); });
  afterEach(() => { shared.kill(); });
  describe('inner', () => {
    let child;
    afterEach(() => { child.kill(); });
    it('stops in afterEach', () => { child = spawn('sleep', ['322']); });
    it('leaks', () => { spawn('sleep', ['323']); });
  });
});
it('has subtests', async (t) => {
  await t.test('sub leaks', () => { spawn('sleep', ['327']); });
  await t.test('sub clean', () => {});
});
`,
        },
      });
      expect(run.code).toBe(1);
      expect(run.output).toContain('✔ stops in afterEach');
      expect(run.output).toContain('reaper: 1 process outlived test "outer > inner > leaks"');
      expect(run.output).toContain(`reaper: 1 process outlived file nested.test.cjs
  └─ PID sleep 320  (child) terminated by SIGTERM in N ms, spawned at nested.test.cjs:5:1`);
      // Tests that run at the same time cannot be told apart: their leak is their block's.
      expect(run.output).toContain('reaper: 1 process outlived suite "parallel"');
      expect(describeEntries(run.report)).toEqual([
        'file nested.test.cjs -: child sleep 320 terminated',
        'suite nested.test.cjs parallel: child sleep 325 terminated',
        'test nested.test.cjs has subtests > sub leaks: child sleep 327 terminated',
        'test nested.test.cjs outer > inner > leaks: child sleep 323 terminated',
        'test nested.test.cjs outer > inner > stops in afterEach: ',
      ]);
      expect(findMarked()).toEqual([]);
    },
  );

  it.skipIf(!path)(`--require, --test-concurrency: one report for the whole run${skipped}`, async () => {
    const run = await runNodeTest({
      node,
      preload: ['--require', '@reaper/node-test'],
      args: ['--test-concurrency=2'],
      files: { 'a.test.cjs': leakyFile(1), 'b.test.cjs': leakyFile(2), 'c.test.cjs': leakyFile(3) },
    });
    expect(run.code).toBe(1);
    expect(describeEntries(run.report)).toEqual([
      'test a.test.cjs clean 1: ',
      'test a.test.cjs leaks 1: child sleep 311 terminated',
      'test b.test.cjs clean 2: ',
      'test b.test.cjs leaks 2: child sleep 312 terminated',
      'test c.test.cjs clean 3: ',
      'test c.test.cjs leaks 3: child sleep 313 terminated',
    ]);
    expect(findMarked()).toEqual([]);
  });

  it.skipIf(!path)(
    `allow, from a preload of your own: warned, left running, the test passes${skipped}`,
    async () => {
      let helper = 0;
      try {
        const run = await runNodeTest({
          node,
          preload: ['--import', './reaper.mjs'],
          files: {
            'reaper.mjs': `import { installReaper } from '@reaper/node-test/install';
installReaper({ allow: ['sleep 330'] });
`,
            'allow.test.mjs': `
import { test } from 'node:test';
import { spawn } from 'node:child_process';
test('starts an allowed helper', () => {
  const helper = spawn('sleep', ['330'], { stdio: 'ignore' });
  helper.unref();
  console.log('helper pid ' + helper.pid);
});
`,
          },
        });
        helper = Number(/helper pid (\d+)/.exec(run.output)?.[1] ?? 0);
        expect(run.output).toContain('✔ starts an allowed helper');
        expect(run.output).toMatch(/PID sleep 330 {2}\(child\) allowed/);
        expect(run.code).toBe(0);
        expect(run.report?.entries.map((e) => e.leaked.map((p) => [p.command, p.outcome]))).toEqual([
          [['sleep 330', 'allowed']],
        ]);
        expect(helper).toBeGreaterThan(0);
      } finally {
        // Allowed means left running: the helper is ended here, by the pid it printed.
        if (helper) process.kill(helper, 'SIGKILL');
      }
    },
  );

  it.skipIf(!path).each(modes.offCases)(
    `REAPER_MODE=off: nothing installed; %s${skipped}`,
    async (_, asked) => {
      const run = await runNodeTest({
        node,
        env: { ...modes.offEnv, ...(asked ? {} : { REAPER_REPORT: '' }) },
        files: {
          'off.test.js': modes.offTest({ format: 'cjs', imports: "const { it } = require('node:test');" }),
        },
      });
      expect(run.output).toContain('✔ has no cookie');
      modes.expectOffRun(run, asked);
    },
  );

  it.skipIf(!path)(`SIGTERM to node --test mid-test leaves nothing behind${skipped}`, async () => {
    const stop = interrupt.interruptWhenServing('SIGTERM');
    await runNodeTest({
      node,
      args: ['--test-concurrency=2'],
      files: {
        [interrupt.hangingFile]: interrupt.hangingTestFile(leakStyle),
        'other.test.js': "const { test } = require('node:test');\ntest('quick', () => {});\n",
      },
      whileRunning: stop.whileRunning,
    });
    await interrupt.expectServerGone(stop.server());
    // A file's process that node --test had just started when it was stopped runs out on its own.
    expect(await eventually(() => findMarked().length === 0, 5000)).toBe(true);
  });
});
