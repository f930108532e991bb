// Vitest overhead: 400 tests that spawn nothing and 200 tests that each spawn and await one short
// process, with and without the reaper() plugin, in one run.
import { realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { benchRunner, makeProject, testBodies } from './runner-overhead.mjs';

const vitestDir = realpathSync(
  join(import.meta.dirname, '..', 'packages', 'vitest', 'node_modules', 'vitest'),
);
const api = { header: "import { spawn } from 'node:child_process';\nimport { expect, test } from 'vitest';" };

function project(kind, total, withReaper) {
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
}

export function benchVitest(rounds) {
  return benchRunner({
    name: 'vitest',
    prefix: 'vitest',
    rounds,
    project,
    command: [join(vitestDir, 'vitest.mjs'), 'run', '--reporter=dot'],
    env: { CI: '1' },
  });
}
