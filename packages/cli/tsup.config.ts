import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig([
  packageBuild({ entry: ['src/index.ts'], external: ['@reaper/core'] }),
  packageBuild({
    entry: ['src/bin.ts'],
    format: ['esm'],
    dts: false,
    clean: false,
    external: ['@reaper/core'],
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
