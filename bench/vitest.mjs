// Vitest overhead: 400 tests that spawn nothing and 200 tests that each spawn and await one short
// process, with and without the reaper() plugin, in one run.
import { realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { compare, makeProject, removeProject, testBodies, timeRun } from './runner-overhead.mjs';

const vitestDir = realpathSync(
  join(import.meta.dirname, '..', 'packages', 'vitest', 'node_modules', 'vitest'),
);
const api = { header: "import { spawn } from 'node:child_process';\nimport { expect, test } from 'vitest';" };

function project(kind, total, perFile, withReaper) {
  const files = {
    'package.json': '{ "type": "module" }',
    'vitest.config.js': withReaper
      ? "import { defineConfig } from 'vitest/config';\nimport reaper from '@reaper/vitest';\nexport default defineConfig({ plugins: [reaper()] });\n"
      : "import { defineConfig } from 'vitest/config';\nexport default defineConfig({});\n",
  };
  for (let f = 0; f < total / perFile; f++) files[`t${f}.test.js`] = testBodies(kind, perFile, api);
  const dir = makeProject(files);
  symlinkSync(vitestDir, join(dir, 'node_modules', 'vitest'));
  return dir;
}

export async function benchVitest(rounds) {
  const out = {};
  for (const [kind, total] of [
    ['nospawn', 400],
    ['spawn', 200],
  ]) {
    const withReaper = project(kind, total, 50, true);
    const without = project(kind, total, 50, false);
    try {
      const run = (dir) => () =>
        timeRun([join(vitestDir, 'vitest.mjs'), 'run', '--reporter=dot'], dir, { CI: '1' });
      out[kind] = await compare(run(withReaper), run(without), rounds);
    } finally {
      removeProject(withReaper);
      removeProject(without);
    }
  }
  return {
    rows: [
      [
        'vitest, 400 tests that spawn nothing',
        out.nospawn.with,
        `without reaper ${out.nospawn.without.toFixed(0)} ms`,
        out.nospawn.with / out.nospawn.without,
      ],
      [
        'vitest, 200 tests that spawn one process',
        out.spawn.with,
        `without reaper ${out.spawn.without.toFixed(0)} ms`,
        out.spawn.with / out.spawn.without,
      ],
    ],
    figures: {
      vitestNoSpawnRatio: out.nospawn.with / out.nospawn.without,
      vitestSpawnMsPerTest: (out.spawn.with - out.spawn.without) / 200,
    },
  };
}
