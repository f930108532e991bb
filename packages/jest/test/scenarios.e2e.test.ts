import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { failureOf, runJest } from './run-jest.js';

// Every way of leaking, each in its own test, on every supported Jest: each leak fails its own test
// at its spawn line, the clean test passes, an allowed process is left alone (and ended here).
const config = (runner: string) => `module.exports = {
  setupFilesAfterEnv: ['./reaper-setup.js'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
  ${runner ? `testRunner: '${runner}',` : ''}
};
`;
const setup = `require('@reaper/jest').installReaper({ allow: ['sleep 399'] });
`;
const tests = `const { spawn, spawnSync } = require('child_process');

test('a clean test', async () => {
  const child = spawn('sleep', ['300']);
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
});
test('a direct child', () => {
  spawn('sleep', ['301']);
});
test('an sh -c orphan', () => {
  spawnSync('sh', ['-c', 'sleep 302 >/dev/null 2>&1 &']);
});
test('a setsid escape', () => {
  spawnSync('setsid', ['--fork', 'sleep', '303'], { stdio: 'ignore' });
});
test('a zombie', async () => {
  const parent = spawn('sh', ['-c', 'sleep 0 & exec sleep 304']);
  await new Promise((resolve) => setTimeout(resolve, 200));
  void parent;
});
test('an allowed helper', () => {
  spawn('sleep', ['399'], { detached: true, stdio: 'ignore' }).unref();
});
`;

// Each Jest's default runner (jest-jasmine2 before 27, jest-circus from 27), and the other one.
describe.each([
  ['jest30', ''],
  ['jest29', ''],
  ['jest28', ''],
  ['jest27', ''],
  ['jest26', ''],
  ['jest25', ''],
  ['jest24', ''],
  ['jest30', 'jest-jasmine2'],
  ['jest29', 'jest-jasmine2'],
  ['jest28', 'jest-jasmine2'],
  ['jest27', 'jest-jasmine2'],
  ['jest26', 'jest-circus/runner'],
  ['jest24', 'jest-circus/runner'],
] as const)('%s %s', (jest, runner) => {
  it('each way of leaking fails its own test at its spawn line; allow is honoured', async () => {
    try {
      const run = await runJest({
        jest,
        files: { 'jest.config.js': config(runner), 'reaper-setup.js': setup, 'leaks.test.js': tests },
      });
      expect(run.code).toBe(1);
      expect(run.output).toMatch(/✓ a clean test/);
      expect(run.output).toMatch(/✓ an allowed helper/);
      const expectations: Array<[string, RegExp]> = [
        [
          'a direct child',
          /sleep 301 {2}\(child\) terminated by SIGTERM in N ms, spawned at leaks\.test\.js:9:3/,
        ],
        [
          'an sh -c orphan',
          /sleep 302 {2}\(orphan\) terminated by SIGTERM in N ms, spawned at leaks\.test\.js:12:3/,
        ],
        [
          'a setsid escape',
          /sleep 303 {2}\(orphan\) terminated by SIGTERM in N ms, spawned at leaks\.test\.js:15:3/,
        ],
        ['a zombie', /\(zombie\) reaped in N ms/],
      ];
      for (const [title, line] of expectations) expect(failureOf(run.output, title)).toMatch(line);
      const byTest = new Map(run.report!.entries.map((e) => [e.test, e]));
      expect(byTest.get('an allowed helper')!.leaked).toMatchObject([
        { command: 'sleep 399', outcome: 'allowed' },
      ]);
      expect(run.report!.summary).toMatchObject({ leakedScopes: 4, allowed: 1 });
    } finally {
      // The allowed helper is left running by design: ended here, by pid (it carries our marker).
      for (const pid of findMarked()) process.kill(pid, 'SIGKILL');
    }
  });
});
