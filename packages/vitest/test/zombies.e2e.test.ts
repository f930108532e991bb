import { expect, it } from 'vitest';
import * as zombies from '../../../test-support/zombie-scenarios.js';
import { runVitest } from './run-vitest.js';

const zombiesTest = zombies.zombieTestFile({
  format: 'esm',
  imports: "import { describe, it } from 'vitest';",
  timeout: 'argument',
});

const config = `
import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper({ outputFile: 'reaper-report.json' })] });
`;

it.each([
  ['vitest3', 'forks'],
  ['vitest4', 'forks'],
  ['vitest4', 'threads'],
] as const)(
  '%s %s: a child that already exited is dead, never a leak; a zombie under a living child is',
  async (vitest, pool) => {
    const run = await runVitest({
      vitest,
      args: [`--pool=${pool}`],
      env: zombies.zombieEnv,
      files: { 'vitest.config.js': config, 'zombies.test.js': zombiesTest },
    });
    expect(run.output).toMatch(
      new RegExp(`Tests\\s+1 failed \\| ${zombies.zombieScenarios.length - 1} passed`),
    );
    zombies.expectZombieRun(run);
  },
);
