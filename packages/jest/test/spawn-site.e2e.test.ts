import { describe, expect, it } from 'vitest';
import { laterSpawnLibrary, laterSpawnLines, laterSpawnTest } from '../../../test-support/later-spawn.js';
import { findMarked } from '../../../test-support/processes.js';
import { runJest } from './run-jest.js';

// A process a library spawns from a timer has no frame of the test's in its stack: the failure
// names the test's declaration line instead, read from the stack circus takes where each test is
// declared (events on Jest 30, hooks on Jest 29 and before).

const files = (runner: string) => ({
  ...laterSpawnLibrary,
  'jest.config.js': `module.exports = { setupFilesAfterEnv: ['@reaper/jest/setup']${runner ? `, testRunner: '${runner}'` : ''} };\n`,
  'a.test.js': laterSpawnTest([
    "const { spawn } = require('node:child_process');",
    "const { spawnLater } = require('later-spawn');",
  ]),
});

// circus, and jest-jasmine2 (from the stack its spec takes where it is declared). Jest 24–28 cannot
// require the library's `node:child_process`.
describe.each([
  ['jest30', ''],
  ['jest29', ''],
  ['jest27', ''],
  ['jest30', 'jest-jasmine2'],
  ['jest29', 'jest-jasmine2'],
] as const)('%s %s', (jest, runner) => {
  it('a process a library spawned later names the test and its line', async () => {
    const run = await runJest({ jest, files: files(runner) });
    expect(run.code).toBe(1);
    const { later, direct } = laterSpawnLines('a.test.js:3');
    expect(run.stderr).toMatch(later);
    expect(run.stderr).toMatch(direct);
    expect(findMarked()).toEqual([]);
  });
});
