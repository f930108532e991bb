import { expect, it } from 'vitest';
import * as zombies from '../../../test-support/zombie-scenarios.js';
import { runJest } from './run-jest.js';

const zombiesTest = zombies.zombieTestFile({ format: 'cjs', timeout: 'argument' });

const config = `module.exports = {
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
};
`;

it.each(['jest30', 'jest29'] as const)(
  '%s: a child that already exited is dead, never a leak; a zombie under a living child is',
  async (jest) => {
    const run = await runJest({
      jest,
      env: zombies.zombieEnv,
      files: { 'jest.config.js': config, 'zombies.test.js': zombiesTest },
    });
    expect(run.output).toMatch(
      new RegExp(`Tests:\\s+1 failed, ${zombies.zombieScenarios.length - 1} passed`),
    );
    zombies.expectZombieRun(run);
  },
);
