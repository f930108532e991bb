import { expect, it } from 'vitest';
import * as zombies from '../../../test-support/zombie-scenarios.js';
import { runMocha } from './run-mocha.js';

const zombiesTest = zombies.zombieTestFile({ format: 'cjs', timeout: 'mocha' });

it.each([
  ['serial', []],
  ['--parallel', ['--parallel', '--jobs', '2']],
])(
  '%s: a child that already exited is dead, never a leak; a zombie under a living child is',
  async (_, args) => {
    const run = await runMocha({
      args: [...args, 'zombies.test.js'],
      env: zombies.zombieEnv,
      files: {
        '.mocharc.json': JSON.stringify({ require: ['@reaper/mocha'] }),
        'zombies.test.js': zombiesTest,
      },
    });
    // Mocha lists a test that a hook after it failed as passed too.
    expect(run.output).toMatch(new RegExp(`^\\s+${zombies.zombieScenarios.length} passing`, 'm'));
    expect(run.output).toMatch(/^\s+1 failing$/m);
    zombies.expectZombieRun(run);
  },
);
