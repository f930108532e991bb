import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/setup.ts', 'src/reporter.ts'],
  format: ['esm', 'cjs'],
  // In CJS the reporter class is `module.exports` itself (and its own `.default`): Jest before 25
  // `new`s what it requires, later ones take `.default`.
  footer: ({ format }) =>
    format === 'cjs'
      ? {
          js: 'if (module.exports.default) module.exports = Object.assign(module.exports.default, module.exports);',
        }
      : {},
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  shims: true,
  external: ['@reaper/core', 'jest', '@jest/reporters'],
});
