import { describe, expect, it } from 'vitest';
import type { BddStyle } from '../../../test-support/bdd-file.js';
import * as interrupt from '../../../test-support/interrupt-scenarios.js';
import {
  expectLeakRun,
  type LeakFailure,
  type LeakStyle,
  leakAllow,
  leakFailures,
  leakFiles,
  leakPasses,
  siteOf,
  sourceLineOf,
  suiteFile,
} from '../../../test-support/leak-scenarios.js';
import * as modes from '../../../test-support/mode-scenarios.js';
import { findMarked } from '../../../test-support/processes.js';
import * as trust from '../../../test-support/trust-scenarios.js';
import { failureOf, runJest } from './run-jest.js';

const config = (extra = '') => `module.exports = {
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
  ${extra}
};
`;

// The leak corpus (test-support/leak-scenarios.ts) on every supported Jest: each Jest's default
// runner (jest-jasmine2 before 27, jest-circus from 27), and the other one. The first eight are
// the main leak test (`.ci/run` runs them again with the ps table, by name).
const leakStyle: LeakStyle = { format: 'cjs', timeout: 'argument', hooks: 'beforeAll' };
const leakConfig = (runner: string) => `module.exports = {
  verbose: true,
  setupFilesAfterEnv: ['./reaper-setup.js'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
  ${runner ? `testRunner: '${runner}',` : ''}
};
`;
const leakSetup = `require('@reaper/jest').installReaper({ allow: [${JSON.stringify(leakAllow)}] });\n`;

/**
 * Jest's failure for a scope: a test's by its title (`a › b`); a block's, on jest-circus, as its
 * file's, on jest-jasmine2 as a result of its own.
 */
const jestFailure = (jasmine: boolean) => (output: string, failure: LeakFailure) =>
  failureOf(
    output,
    failure.scope === 'test'
      ? failure.test.replace(/ > /g, ' › ')
      : jasmine
        ? `${failure.test} › beforeAll/afterAll (reaper)`
        : 'Test suite failed to run',
  );

describe.each([
  ['jest30', '', 'fails the leaking tests'],
  ['jest29', '', 'fails the leaking tests'],
  ['jest28', '', 'fails the leaking tests'],
  ['jest27', '', 'fails the leaking tests'],
  ['jest30', 'jest-jasmine2', 'fails the leaking tests'],
  ['jest26', 'jest-circus/runner', 'fails the leaking tests'],
  ['jest24', '', 'fails the leaking tests'],
  ['jest24', 'jest-circus/runner', 'fails the leaking tests'],
  ['jest26', '', 'leaks'],
  ['jest25', '', 'leaks'],
  ['jest29', 'jest-jasmine2', 'leaks'],
  ['jest28', 'jest-jasmine2', 'leaks'],
  ['jest27', 'jest-jasmine2', 'leaks'],
] as const)('%s %s', (jest, runner, name) => {
  it(`${name}: each way of leaking fails its own scope at its spawn line, the clean ones pass, allow is kept`, async () => {
    const run = await runJest({
      jest,
      files: { 'jest.config.js': leakConfig(runner), 'reaper-setup.js': leakSetup, ...leakFiles(leakStyle) },
    });
    // jest-jasmine2 is the default before Jest 27.
    const jasmine = runner === 'jest-jasmine2' || (!runner && ['jest24', 'jest25', 'jest26'].includes(jest));
    // A block's leak: on jest-circus it fails its whole file, and Jest lists no test of the file
    // (and counts them passed); on jest-jasmine2 it is a failed result of its own.
    for (const { test, file } of leakPasses.filter((p) => jasmine || p.file !== suiteFile)) {
      expect(run.output, file).toContain(`✓ ${test.split(' > ').at(-1)}`);
    }
    const failed = leakFailures.filter((f) => jasmine || f.scope === 'test').length;
    expect(run.output).toMatch(
      new RegExp(
        `Tests:\\s+${failed} failed, ${leakPasses.length} passed, ${failed + leakPasses.length} total`,
      ),
    );
    expect(run.output).toContain(`FAIL ./${suiteFile}`);
    for (const failure of leakFailures.filter((f) => f.scope === 'test')) {
      expect(run.output).toContain(`✕ ${failure.title}`);
      // Jest's code frame points at the spawn.
      const first = failure.leaks[0]!;
      const [, line] = siteOf(leakStyle, first.at).split(':');
      expect(jestFailure(jasmine)(run.output, failure)).toContain(
        `> ${line} | ${sourceLineOf(leakStyle, first.at)}`,
      );
    }
    // Each failure is said once (jest-jasmine2 put the message before a stack that starts with it).
    expect(run.output.match(/reaper: \d+ process(es)? outlived test/g)).toHaveLength(
      leakFailures.filter((f) => f.scope === 'test').length,
    );
    // Jest exits by itself: no leaked child keeps the worker alive.
    expect(run.output).not.toContain('did not exit');
    if ((jest === 'jest30' || jest === 'jest29') && !runner) {
      // The whole failure as Jest 29 and 30 print it (older ones order and frame it a little otherwise).
      expect(
        jestFailure(jasmine)(
          run.output,
          leakFailures.find((f) => f.title === 'leaks a child and an orphan')!,
        ),
      ).toMatchInlineSnapshot(`
        "● leaks › leaks a child and an orphan

            reaper: 2 processes outlived test "leaks > leaks a child and an orphan"
              in leaks.test.js
              ├─ PID sleep 404  (child) terminated by SIGTERM in N ms, spawned at leaks.test.js:39:5
              └─ PID sleep 405  (orphan) terminated by SIGTERM in N ms, spawned at leaks.test.js:40:5

              37 |   }, 20000);
              38 |   it("leaks a child and an orphan", async () => {
            > 39 |     spawn('sleep', ['404']);
                 |     ^
              40 |     execSync("sh -c 'sleep 405 >/dev/null 2>&1 &'");
              41 |   }, 20000);
              42 |   it("leaks a setsid escape", async () => {

              at leaks.test.js:39:5"
      `);
    }
    expectLeakRun(leakStyle, run, {
      failureOf: jestFailure(jasmine),
      // jest-circus 24 and 25 run a block's tests before its nested blocks: the top-level test first.
      order: (expected) => {
        const top = (line: string) => line.startsWith('test leaks.test.js leaks a shell');
        return runner && jest === 'jest24'
          ? [...expected.filter(top), ...expected.filter((line) => !top(line))]
          : expected;
      },
    });
  });
});

// A block's leak and the modes (test-support/mode-scenarios.ts), in Jest's words.
const modeStyle: modes.ModeStyle = { format: 'cjs', hooks: 'beforeAll' };
const suiteTest = modes.suiteLeakTest(modeStyle);

describe('scopes', () => {
  it('a process left running by beforeAll is reported at its describe block and fails the file', async () => {
    const run = await runJest({ files: { 'jest.config.js': config(), [modes.suiteLeakFile]: suiteTest } });
    modes.expectSuiteLeakRun(run, suiteTest);
    expect(run.output).toContain('FAIL ./suite.test.js');
    expect(run.output).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(failureOf(run.output, 'Test suite failed to run')).toMatchInlineSnapshot(`
      "● Test suite failed to run

          reaper: 1 process outlived suite "database"
            in suite.test.js
            └─ PID sleep 304  (child) terminated by SIGTERM in N ms, spawned at suite.test.js:4:21

      reaper: 1 suite leaked 1 process — all reaped; report: <project>/reaper-report.json
      Test Suites: 1 failed, 1 total
      Tests:       2 passed, 2 total
      Snapshots:   0 total
      Time: T
      Ran all test suites."
    `);
  });

  // Jest 24–29 on circus check a block from an afterAll hook of reaper's: Jest shows its failure by
  // its stack alone (an empty one as 'Expected an Error, but "" was thrown').
  it.each([
    ['jest29', ''],
    ['jest26', "testRunner: 'jest-circus/runner',"],
    ['jest24', "testRunner: 'jest-circus/runner',"],
  ] as const)(
    '%s %s: a describe block’s beforeAll leak fails the file with the report and its line',
    async (jest, extra) => {
      const run = await runJest({
        jest,
        files: { 'jest.config.js': config(extra), [modes.suiteLeakFile]: suiteTest },
      });
      modes.expectSuiteLeakRun(run, suiteTest);
      expect(run.output).toMatch(/Tests:\s+2 passed, 2 total/);
      const failure = failureOf(run.output, 'Test suite failed to run');
      expect(failure).toContain(
        'reaper: 1 process outlived suite "database"\n      in suite.test.js\n      └─ PID sleep 304  (child) terminated by SIGTERM in N ms, spawned at suite.test.js:4:21\n',
      );
      expect(failure).toContain("> 4 |   beforeAll(() => { spawn('sleep', ['304']); });");
    },
  );

  it('warn mode reaps and reports, and the test passes', async () => {
    const run = await runJest({
      env: modes.warnEnv,
      files: { 'jest.config.js': config(), 'warn.test.js': modes.warnTest(modeStyle) },
    });
    modes.expectWarnRun(run);
  });

  it.each(modes.offCases)('mode off installs nothing; %s', async (_, asked) => {
    const reporter = asked
      ? config()
      : config().replace(
          "['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]",
          "'@reaper/jest/reporter'",
        );
    const run = await runJest({
      env: modes.offEnv,
      files: { 'jest.config.js': reporter, 'off.test.js': modes.offTest(modeStyle) },
    });
    modes.expectOffRun(run, asked);
  });
});

const leakyFile = (n: number) => `
const { spawn } = require('node:child_process');
test('leaks ${n}', () => { spawn('sleep', ['31${n}']); });
test('clean ${n}', async () => {
  const c = spawn('true');
  await new Promise((r) => c.once('exit', r));
});
`;

describe('everywhere Jest runs tests', () => {
  it.each([
    ['workers', ['--maxWorkers=2'], 'jest30', ''],
    ['worker threads', ['--maxWorkers=2', '--workerThreads'], 'jest30', ''],
    ['in band', ['--runInBand'], 'jest30', ''],
    ['workers, Jest 24 (jest-jasmine2)', ['--maxWorkers=2'], 'jest24', ''],
    ['workers, Jest 30 with jest-jasmine2', ['--maxWorkers=2'], 'jest30', "testRunner: 'jest-jasmine2',"],
  ] as const)('%s: one report for the whole run', async (_, args, jest, extra) => {
    // Jest 24 does not know the `node:` prefix.
    const file = (n: number) => (jest === 'jest24' ? leakyFile(n).replace('node:', '') : leakyFile(n));
    const run = await runJest({
      jest,
      args: [...args],
      files: {
        'jest.config.js': config(extra),
        'a.test.js': file(1),
        'b.test.js': file(2),
        'c.test.js': file(3),
      },
    });
    expect(run.code).toBe(1);
    expect(run.report?.summary).toEqual({
      scopes: 6,
      leakedScopes: 3,
      leakedProcesses: 3,
      escaped: 0,
      allowed: 0,
    });
    expect(
      run.report?.entries.map((e) => `${e.file} ${e.test} ${e.leaked.map((p) => p.command)}`).sort(),
    ).toEqual([
      'a.test.js clean 1 ',
      'a.test.js leaks 1 sleep 311',
      'b.test.js clean 2 ',
      'b.test.js leaks 2 sleep 312',
      'c.test.js clean 3 ',
      'c.test.js leaks 3 sleep 313',
    ]);
    expect(findMarked()).toEqual([]);
  });

  it('native ESM (--experimental-vm-modules)', async () => {
    const run = await runJest({
      nodeFlags: ['--experimental-vm-modules', '--no-warnings'],
      files: {
        'package.json': '{ "type": "module" }',
        'jest.config.js': config('transform: {},').replace('module.exports =', 'export default'),
        'esm.test.js': `
import { spawn } from 'node:child_process';
import * as cp from 'node:child_process';
test('named import', () => { spawn('sleep', ['321']); });
test('namespace import', () => { cp.execSync('sleep 322 >/dev/null 2>&1 &'); });
`,
      },
    });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      /PID sleep 321 {2}\(child\) terminated by SIGTERM in N ms, spawned at esm\.test\.js:4:/,
    );
    expect(run.output).toMatch(/PID sleep 322 {2}\(orphan\)/);
    expect(findMarked()).toEqual([]);
  });

  it('ts-jest-transformed TypeScript with ESM imports', async () => {
    const run = await runJest({
      files: {
        'jest.config.js': config(
          `transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] }, testMatch: ['**/*.test.ts'],`,
        ),
        'tsconfig.json':
          '{ "compilerOptions": { "module": "commonjs", "esModuleInterop": true, "target": "ES2022" } }',
        'typed.test.ts': `
import { spawn, type ChildProcess } from 'node:child_process';
test('typed leak', () => {
  const child: ChildProcess = spawn('sleep', ['336']);
  expect(child.pid).toBeGreaterThan(0);
});
`,
      },
    });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      /PID sleep 336 {2}\(child\) terminated by SIGTERM in N ms, spawned at typed\.test\.ts:4:/,
    );
    expect(findMarked()).toEqual([]);
  });

  it('babel-transformed ESM imports', async () => {
    const run = await runJest({
      files: {
        'jest.config.js': config(),
        'babel.config.js': `module.exports = { presets: [['${require.resolve('@babel/preset-env', { paths: [import.meta.dirname] })}', { targets: { node: 'current' } }]] };`,
        'babel.test.js': `
import { spawn } from 'child_process';
test('default-transformed import', () => { spawn('sleep', ['331']); });
`,
      },
    });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      /PID sleep 331 {2}\(child\) terminated by SIGTERM in N ms, spawned at babel\.test\.js:3:/,
    );
    expect(findMarked()).toEqual([]);
  });
});

describe('what is not the test’s', () => {
  it('a transformer that starts a helper lazily, mid-test, keeps it: never reported, never signalled', async () => {
    const transformer = `
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
let helper;
module.exports = {
  process(source, filename) {
    if (!helper) {
      helper = spawn('sleep', ['340'], { detached: true, stdio: 'ignore' });
      helper.unref();
      writeFileSync(__dirname + '/helper.pid', String(helper.pid));
    }
    return { code: 'module.exports = ' + JSON.stringify(source.trim()) + ';' };
  },
};
`;
    let helperPid: number | undefined;
    const run = await runJest({
      files: {
        'jest.config.js': config(
          `transform: { '\\\\.txt$': '<rootDir>/transformer.js', '\\\\.js$': 'babel-jest' },`,
        ),
        'transformer.js': transformer,
        'data.txt': 'hello',
        'lazy.test.js': `
const { readFileSync } = require('node:fs');
test('requires a transformed file mid-test', () => {
  expect(require('./data.txt')).toBe('hello');
  const pid = Number(readFileSync(__dirname + '/helper.pid', 'utf8'));
  process.kill(pid, 0);
  globalThis.helperPid = pid;
});
test('the helper is still alive in the next test', () => {
  const pid = Number(readFileSync(__dirname + '/helper.pid', 'utf8'));
  expect(() => process.kill(pid, 0)).not.toThrow();
  console.log('helper pid ' + pid);
});
`,
        'later.test.js': `
const { readFileSync } = require('node:fs');
test('a later file uses the same helper', () => {
  expect(require('./more.txt')).toBe('more');
  const pid = Number(readFileSync(__dirname + '/helper.pid', 'utf8'));
  expect(() => process.kill(pid, 0)).not.toThrow();
});
`,
        'more.txt': 'more',
      },
      args: ['--no-cache', '--runInBand'],
    });
    try {
      expect(run.output).not.toContain('outlived');
      expect(run.report?.entries).toEqual([]);
      // Two files, three tests (one file uses the helper the other file's test started): all pass.
      expect(run.output).toMatch(/Tests:\s+3 passed, 3 total/);
      expect(run.code).toBe(0);
      helperPid = Number(/helper pid (\d+)/.exec(run.output)?.[1]);
      expect(helperPid).toBeGreaterThan(0);
    } finally {
      // The helper is the transformer's by design: end it by the pid it reported.
      if (helperPid) process.kill(helperPid, 'SIGKILL');
    }
  });
});

// Trust (test-support/trust-scenarios.ts) and an interrupted run (interrupt-scenarios.ts).
const trustStyle: BddStyle = { format: 'cjs' };

describe('trust: silent about what is not the test’s, strict about what is', () => {
  it('esbuild’s service, started by the first test that transforms, serves every later test', async () => {
    const run = await runJest({
      files: { 'jest.config.js': config(), 'esbuild.test.js': trust.esbuildTest(trustStyle) },
    });
    trust.expectServiceRun(run);
  });

  it('REAPER_STRICT_SERVICES=1: the same service is the first test’s leak', async () => {
    const run = await runJest({
      env: trust.strictEnv,
      files: { 'jest.config.js': config(), 'esbuild.test.js': trust.strictServiceTest(trustStyle) },
    });
    trust.expectStrictServiceRun(run);
  });

  it('a tool SIGKILLed by its test leaves its child: reported as an orphan, at that test', async () => {
    const run = await runJest({
      files: { 'jest.config.js': config(), ...trust.toolFiles, 'tool.test.js': trust.toolTest(trustStyle) },
    });
    trust.expectToolRun(run);
  });

  it('a zombie of a process outside the run is neither reported nor touched, nor is its parent', async () => {
    const run = await trust.expectOutsiderUntouched(() =>
      runJest({ files: { 'jest.config.js': config(), 'busy.test.js': trust.busyTest(trustStyle) } }),
    );
    expect(run.output).toContain('✓ spawns and waits');
  });
});

describe('interrupted runs', () => {
  it.each([
    ['in band', ['--runInBand']],
    ['with workers', ['--maxWorkers=2']],
  ])(
    '%s: SIGTERM to Jest mid-test leaves nothing behind, and a report of what was checked',
    async (_, args) => {
      const stop = interrupt.interruptWhenServing('SIGTERM');
      const run = await runJest({
        args,
        files: {
          'jest.config.js': config(),
          [interrupt.hangingFile]: interrupt.hangingTestFile({ format: 'cjs', timeout: 'argument' }),
          'other.test.js': "test('quick', () => {});",
        },
        whileRunning: stop.whileRunning,
      });
      await interrupt.expectInterruptedRun(run, stop.server(), {
        file: interrupt.hangingFile,
        signal: 'SIGTERM',
      });
    },
  );
});
