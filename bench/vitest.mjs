// Vitest overhead: 400 tests that spawn nothing and 200 tests that each spawn and await one short
// process, with and without the reaper() plugin, in one run. Vitest 4 on this Node; Vitest 5 on
// Node 24 (it needs 22 or later), fetched with `npx -y node@24` unless BENCH_VITEST5=0.
import { spawnSync } from 'node:child_process';
import { realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { benchRunner, makeProject, testBodies } from './runner-overhead.mjs';

const installed = (name) =>
  realpathSync(join(import.meta.dirname, '..', 'packages', 'vitest', 'node_modules', name));
const api = { header: "import { spawn } from 'node:child_process';\nimport { expect, test } from 'vitest';" };

function projectWith(vitestDir) {
  return (kind, total, withReaper) => {
    const files = {
      'package.json': '{ "type": "module" }',
      'vitest.config.js': withReaper
        ? "import { defineConfig } from 'vitest/config';\nimport reaper from '@reaper/vitest';\nexport default defineConfig({ plugins: [reaper()] });\n"
        : "import { defineConfig } from 'vitest/config';\nexport default defineConfig({});\n",
    };
    for (let f = 0; f < total / 50; f++) files[`t${f}.test.js`] = testBodies(kind, 50, api);
    const dir = makeProject(files);
    symlinkSync(vitestDir, join(dir, 'node_modules', 'vitest'));
    return dir;
  };
}

function benchOne(vitestDir, name, prefix, rounds, node) {
  return benchRunner({
    name,
    prefix,
    rounds,
    project: projectWith(vitestDir),
    command: [join(vitestDir, 'vitest.mjs'), 'run', '--reporter=dot'],
    env: { CI: '1' },
    node,
  });
}

export function benchVitest(rounds) {
  return benchOne(installed('vitest'), 'vitest', 'vitest', rounds);
}

/** Vitest 5 on Node 24; undefined when that Node cannot be had (or BENCH_VITEST5=0). */
export function benchVitest5(rounds) {
  if (process.env.BENCH_VITEST5 === '0') return undefined;
  const node = spawnSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  const path = node.stdout?.trim();
  if (node.status !== 0 || !path) {
    console.warn(
      `bench: no Node 24 for Vitest 5 (npx -y node@24 exited ${node.status ?? node.signal}); skipped`,
    );
    return undefined;
  }
  return benchOne(installed('vitest5'), 'vitest 5 (Node 24)', 'vitest5', rounds, path);
}
