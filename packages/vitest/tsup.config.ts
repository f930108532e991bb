import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild({
    entry: ['src/index.ts', 'src/setup.ts', 'src/install.ts', 'src/reporter.ts'],
    external: ['@reaper/core', 'vitest', /^vitest\//],
    // One file per entry: a setup file's every import is a module Vitest fetches in every worker.
    splitting: false,
  }),
);
