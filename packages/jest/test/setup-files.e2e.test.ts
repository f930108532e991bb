import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { reaperLines } from '../../../test-support/project.js';
import { failureOf, runJest } from './run-jest.js';

// `setupFiles` (where Jest's option name suggests reaper's line goes) runs before the test
// framework exists: no `expect`, no hooks. reaper installs its spawn hook there and follows the
// tests once the framework is in, the same as from `setupFilesAfterEnv`.
const config = (setupFiles: string, extra = '') => `module.exports = {
  setupFiles: ['${setupFiles}'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
  ${extra}
};
`;

const serverTest = `const { spawn } = require('child_process');

// The file's own server, stopped in afterAll: never reported.
let server;
beforeAll(() => { server = spawn('sleep', ['300']); });
afterAll(() => new Promise((resolve) => { server.once('exit', resolve); server.kill(); }));

describe('server', () => {
  let child;
  afterEach(async () => {
    if (!child) return;
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve));
    child = undefined;
  });

  test('is clean when afterEach stops what it started', () => {
    child = spawn('sleep', ['300']);
  });

  test('leaks a child', () => {
    spawn('sleep', ['301']);
  });
});
`;

const otherTest = `const { spawn } = require('child_process');
test('leaks in the second file', () => {
  spawn('sleep', ['302']);
});
test('is clean in the second file', async () => {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
});
`;

// jest-circus (Jest 24–30; 24 and 25 set \`expect\` before their hooks), jest-jasmine2 by name (27),
// by path (30), and as Jest 24's default.
const runners = [
  ['jest30', ''],
  ['jest29', ''],
  ['jest28', ''],
  ['jest27', ''],
  ['jest27', "testRunner: 'jasmine2',"],
  ['jest30', "testRunner: 'jest-jasmine2',"],
  ['jest24', ''],
  ['jest26', "testRunner: 'jest-circus/runner',"],
  ['jest25', "testRunner: 'jest-circus/runner',"],
  ['jest24', "testRunner: 'jest-circus/runner',"],
] as const;
const leakyName = 'server > leaks a child';

describe.each(runners)('%s %s', (jest, extra) => {
  it('from setupFiles: a leaking test fails with the report at its line, a clean test passes', async () => {
    const run = await runJest({
      jest,
      files: {
        'jest.config.js': config('@reaper/jest/setup', extra),
        'server.test.js': serverTest,
        'other.test.js': otherTest,
      },
      // Both files in one process: the second is installed afresh after the first.
      args: ['--runInBand', '--verbose'],
    });
    expect(run.output).not.toContain('ReferenceError');
    expect(run.output).not.toContain('Test suite failed to run');
    expect(run.output).toMatch(/Tests:\s+2 failed, 2 passed, 4 total/);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/✓ is clean when afterEach stops what it started/);
    const leaky = failureOf(run.output, 'server › leaks a child');
    expect(leaky).toContain(`reaper: 1 process outlived test "${leakyName}"`);
    expect(leaky).toContain('spawned at server.test.js:22:5');
    expect(leaky).toContain("> 22 |     spawn('sleep', ['301']);");
    expect(failureOf(run.output, 'leaks in the second file')).toContain('spawned at other.test.js:3:3');
    expect(run.output).toContain('reaper: 2 tests leaked 2 processes — all reaped');
    expect(
      run.report?.entries.map((e) => [e.file, e.scope, e.test, e.spawned.length, e.leaked.length]),
    ).toEqual(
      expect.arrayContaining([
        [
          'server.test.js',
          'test',
          leakyName.replace('leaks a child', 'is clean when afterEach stops what it started'),
          1,
          0,
        ],
        ['server.test.js', 'test', leakyName, 1, 1],
        ['server.test.js', 'file', null, 1, 0],
        ['other.test.js', 'test', 'leaks in the second file', 1, 1],
        ['other.test.js', 'test', 'is clean in the second file', 1, 0],
      ]),
    );
    expect(run.report?.summary).toMatchObject({ leakedScopes: 2, leakedProcesses: 2 });
    expect(findMarked()).toEqual([]);
  });
});

describe.each(['jest30', 'jest29'] as const)('%s', (jest) => {
  it('installReaper(options) from a setupFiles module of the project’s own', async () => {
    const run = await runJest({
      jest,
      files: {
        'jest.config.js': config('./reaper-setup.js'),
        'reaper-setup.js': `require('@reaper/jest').installReaper({ mode: 'warn' });\n`,
        'warn.test.js': `const { spawn } = require('child_process');
test('leaks', () => {
  spawn('sleep', ['303']);
});
`,
      },
    });
    expect(run.output).not.toContain('ReferenceError');
    expect(run.output).toContain('reaper: 1 process outlived test "leaks"');
    expect(run.output).toContain('spawned at warn.test.js:3:3');
    expect(run.output).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(run.code).toBe(0);
    expect(findMarked()).toEqual([]);
  });

  it('listed in both setupFiles and setupFilesAfterEnv: installed once, each leak reported once', async () => {
    const run = await runJest({
      jest,
      files: {
        'jest.config.js': config('@reaper/jest/setup', "setupFilesAfterEnv: ['@reaper/jest/setup'],"),
        'other.test.js': otherTest,
      },
    });
    expect(run.output).toMatch(/Tests:\s+1 failed, 1 passed, 2 total/);
    expect(run.output.match(/reaper: 1 process outlived test "leaks in the second file"/g)).toHaveLength(1);
    expect(run.report?.summary).toMatchObject({ leakedScopes: 1, leakedProcesses: 1 });
    expect(findMarked()).toEqual([]);
  });
});

// With `injectGlobals: false` Jest keeps `expect` and the hooks out of the global, where reaper
// follows tests: it says so in one line and checks nothing; the suite runs unchanged.
describe.each([
  ['jest30', 'setupFiles'],
  ['jest30', 'setupFilesAfterEnv'],
  ['jest29', 'setupFilesAfterEnv'],
] as const)('%s, injectGlobals: false, from %s', (jest, option) => {
  it('says in one line that nothing is checked, and the suite runs unchanged', async () => {
    const run = await runJest({
      jest,
      files: {
        'jest.config.js': `module.exports = { injectGlobals: false, ${option}: ['@reaper/jest/setup'] };\n`,
        'a.test.js': `const { test } = require('@jest/globals');
const { spawn } = require('child_process');
test('spawns and waits', async () => {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
});
`,
      },
    });
    expect(run.output).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(run.code).toBe(0);
    const lines = reaperLines(run.output, { indented: true });
    expect(lines).toEqual([
      "reaper: Jest's globals (`expect`, `beforeAll`, …) are not in the test files (`injectGlobals: false`), and @reaper/jest follows tests through them; leaked processes are NOT checked in this run. Set `injectGlobals: true`, or gate the whole run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.",
    ]);
  });
});
