import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild({
    entry: ['src/index.ts', 'src/setup.ts', 'src/reporter.ts'],
    // In CJS the reporter class is `module.exports` itself (and its own `.default`): Jest before 25
    // `new`s what it requires, later ones take `.default`.
    footer: ({ format }) =>
      format === 'cjs'
        ? {
            js: 'if (module.exports.default) module.exports = Object.assign(module.exports.default, module.exports);',
          }
        : {},
    external: ['@reaper/core', 'jest', '@jest/reporters'],
  }),
);
