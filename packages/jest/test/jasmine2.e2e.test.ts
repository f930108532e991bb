import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { failureOf, runJest } from './run-jest.js';

// jest-jasmine2 drops what an afterAll throws inside a describe block, and for the file's own
// afterAll it fails the file and drops every test result of it ("Test suite failed to run",
// "Tests: 0 total"). A process a beforeAll left running is reported as a failed result of its own,
// `<block> › beforeAll/afterAll (reaper)`, beside the file's test results.
const config = (runner: string) => `module.exports = {
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
  ${runner ? `testRunner: '${runner}',` : ''}
};
`;

const blocksTest = `const { spawn } = require('child_process');

beforeAll(() => { spawn('sleep', ['341']); });

describe('database', () => {
  beforeAll(() => { spawn('sleep', ['342']); });
  test('works', () => {});
  test('leaks', () => {
    spawn('sleep', ['343']);
  });
});

describe('server', () => {
  let server;
  beforeAll(() => { server = spawn('sleep', ['344']); });
  afterAll(() => new Promise((resolve) => { server.once('exit', resolve); server.kill(); }));
  test('is clean', () => {});
});

test('unrelated', () => {});
`;

// jest-jasmine2 on Jest 30 (`testRunner`), and the default runner of Jest 24 and 26.
describe.each([
  ['jest30', 'jest-jasmine2'],
  ['jest26', ''],
  ['jest24', ''],
] as const)('%s %s', (jest, runner) => {
  it('a leak of a beforeAll fails its block and the file, and keeps every test result', async () => {
    const run = await runJest({
      jest,
      files: { 'jest.config.js': config(runner), 'blocks.test.js': blocksTest },
      args: ['--verbose'],
    });
    expect(run.code).toBe(1);
    expect(run.output).not.toContain('Test suite failed to run');
    expect(run.output).toMatch(/Tests:\s+3 failed, 3 passed, 6 total/);
    for (const clean of ['works', 'is clean', 'unrelated']) expect(run.output).toMatch(`✓ ${clean}`);
    const leaks = failureOf(run.output, 'database › leaks');
    expect(leaks).toContain('reaper: 1 process outlived test "database > leaks"');
    // (Jest marks a one-digit line of a two-digit frame in inverse, whatever the colours.)
    expect(leaks).toMatch(/>.* 9 \| {5}spawn\('sleep', \['343'\]\);/);
    // The whole report as the failure's message, then a code frame at the spawn site.
    const database = failureOf(run.output, 'database › beforeAll/afterAll (reaper)');
    expect(database).toContain(
      'reaper: 1 process outlived suite "database"\n      in blocks.test.js\n      └─ PID sleep 342  (child) terminated by SIGTERM in N ms, spawned at blocks.test.js:6:21\n',
    );
    expect(database).toContain("> 6 |   beforeAll(() => { spawn('sleep', ['342']); });");
    const file = failureOf(run.output, 'beforeAll/afterAll (reaper)');
    expect(file).toContain(
      'reaper: 1 process outlived file blocks.test.js\n      └─ PID sleep 341  (child) terminated by SIGTERM in N ms, spawned at blocks.test.js:3:19\n',
    );
    expect(file).toContain("> 3 | beforeAll(() => { spawn('sleep', ['341']); });");
    expect(run.report?.entries.map((e) => [e.scope, e.test, e.spawned.length, e.leaked.length])).toEqual([
      ['test', 'database > leaks', 1, 1],
      ['suite', 'database', 1, 1],
      ['suite', 'server', 1, 0],
      ['file', null, 1, 1],
    ]);
    expect(run.output).toContain('reaper: 1 test, 1 suite and 1 file leaked 3 processes — all reaped');
    expect(findMarked()).toEqual([]);
  });
});

// jest-jasmine2 starts a test.concurrent test's body as the file declares it, before any hook: what
// it leaks is the file's (it was in no scope at all: "no leaked processes", and Jest did not exit).
// Jest 24 has no `test.concurrent.each`.
describe.each([
  ['jest30', 'jest-jasmine2', 'test.concurrent.each([[1]])'],
  ['jest24', '', 'test.concurrent'],
] as const)('%s %s', (jest, runner, secondTest) => {
  it('a test.concurrent leak is reported at the file', async () => {
    const run = await runJest({
      jest,
      files: {
        'jest.config.js': config(runner),
        'concurrent.test.js': `const { spawn } = require('child_process');
test.concurrent('leaks', async () => {
  spawn('sleep', ['345']);
});
${secondTest}('leaks again', async () => {
  spawn('sleep', ['346']);
});
test('plain', () => {});
`,
      },
    });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/Tests:\s+1 failed, 3 passed, 4 total/);
    const file = failureOf(run.output, 'beforeAll/afterAll (reaper)');
    expect(file).toContain('reaper: 2 processes outlived file concurrent.test.js');
    expect(file).toMatch(
      /sleep 345 {2}\(child\) terminated by SIGTERM in N ms, spawned at concurrent\.test\.js:3:3/,
    );
    expect(file).toMatch(
      /sleep 346 {2}\(child\) terminated by SIGTERM in N ms, spawned at concurrent\.test\.js:6:3/,
    );
    expect(run.report?.entries.map((e) => [e.scope, e.test, e.leaked.length])).toEqual([['file', null, 2]]);
    expect(findMarked()).toEqual([]);
  });
});
