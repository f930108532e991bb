import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild({
    entry: ['src/index.ts', 'src/reporter.ts'],
    external: ['@reaper/core', '@playwright/test'],
  }),
);
