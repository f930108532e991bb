import { describe, expect, it } from 'vitest';
import { laterSpawnLibrary, laterSpawnLines, laterSpawnTest } from '../../../test-support/later-spawn.js';
import { findMarked } from '../../../test-support/processes.js';
import { runJest } from './run-jest.js';

// A process a library spawns from a timer has no frame of the test's in its stack: the failure
// names the test's declaration line instead, read from the stack circus takes where each test is
// declared (events on Jest 30, hooks on Jest 29 and before).

const files = {
  ...laterSpawnLibrary,
  'jest.config.js': `module.exports = { setupFilesAfterEnv: ['@reaper/jest/setup'] };\n`,
  'a.test.js': laterSpawnTest([
    "const { spawn } = require('node:child_process');",
    "const { spawnLater } = require('later-spawn');",
  ]),
};

describe.each(['jest30', 'jest29', 'jest27'] as const)('%s', (jest) => {
  it('a process a library spawned later names the test and its line', async () => {
    const run = await runJest({ jest, files });
    expect(run.code).toBe(1);
    const { later, direct } = laterSpawnLines('a.test.js:3');
    expect(run.stderr).toMatch(later);
    expect(run.stderr).toMatch(direct);
    expect(findMarked()).toEqual([]);
  });
});
