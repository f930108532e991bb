import { expect, it } from 'vitest';
import { laterSpawnLibrary, laterSpawnLines, laterSpawnTest } from '../../../test-support/later-spawn.js';
import { findMarked } from '../../../test-support/processes.js';
import { runMocha } from './run-mocha.js';

// A process a library spawns from a timer has no frame of the test's in its stack: the failure
// names the test instead, and its file (Mocha records no test's line).

it.each([
  ['serial', []],
  ['--parallel', ['--parallel', '--jobs', '2']],
])('%s: a process a library spawned later names the test and its file', async (_, args) => {
  const run = await runMocha({
    args: [...args, 'a.test.js'],
    files: {
      ...laterSpawnLibrary,
      '.mocharc.json': JSON.stringify({ require: ['@reaper/mocha'] }),
      'a.test.js': laterSpawnTest(
        [
          "const { spawn } = require('node:child_process');",
          "const { spawnLater } = require('later-spawn');",
        ],
        'it',
      ),
    },
  });
  expect(run.code).not.toBe(0);
  const { later, direct } = laterSpawnLines('a.test.js');
  expect(run.output).toMatch(later);
  expect(run.output).toMatch(direct);
  expect(findMarked()).toEqual([]);
});
