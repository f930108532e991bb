import { expect, it } from 'vitest';
import {
  expectZombieRun,
  zombieEnv,
  zombiePrelude,
  zombieScenarios,
} from '../../../test-support/zombie-scenarios.js';
import { runTap } from './run-tap.js';
import { tapFile } from './tap-file.js';

it('tap 21: a child that already exited is dead, never a leak; a zombie under a living child is', async () => {
  const run = await runTap({
    env: zombieEnv,
    files: { 'test/zombies.test.js': tapFile('esm', zombiePrelude('esm'), 'zombies', zombieScenarios) },
  });
  // Only the leaking subtest (and its block) fail; the other scenarios pass.
  expect(run.output.match(/^\s+ok \d+ - a child/gm)).toHaveLength(2);
  expectZombieRun(run);
}, 240_000);
