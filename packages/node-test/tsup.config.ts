import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', install: 'src/install-entry.ts', reporter: 'src/reporter.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  shims: true,
  external: ['@reaper/core'],
});
