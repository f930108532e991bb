import { expect, it } from 'vitest';
import * as zombies from '../../../test-support/zombie-scenarios.js';
import { runNodeTest } from './run-node-test.js';

const zombiesTest = zombies.zombieTestFile({
  format: 'cjs',
  imports: "const { describe, it } = require('node:test');",
});

it('a child that already exited is dead, never a leak; a zombie under a living child is', async () => {
  const run = await runNodeTest({
    node: process.execPath,
    env: zombies.zombieEnv,
    files: { 'zombies.test.js': zombiesTest },
  });
  expect(run.stdout).toMatch(new RegExp(`^ℹ pass ${zombies.zombieScenarios.length - 1}$`, 'm'));
  expect(run.stdout).toMatch(/^ℹ fail 1$/m);
  zombies.expectZombieRun(run);
});
