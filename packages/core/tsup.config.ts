import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

const external = ['koffi', /^@koromix\/koffi-/];
/** The kit's parts that load on first use, each a CommonJS file of its own (`src/lazy/parts.ts`). */
const parts = { 'adapter-spawned': 'src/lazy/spawned.ts', 'adapter-run': 'src/lazy/run-side.ts' };
const builtParts = fileURLToPath(new URL('src/lazy/parts.build.ts', import.meta.url));

/**
 * In every build, `src/lazy/parts.ts` (which imports the parts, for the sources and their tests)
 * becomes `parts.build.ts` (which requires each part's file when first asked): the parts stay out
 * of the entries, and one copy of each serves every entry a process loads.
 */
const lazyParts: Plugin = {
  name: 'reaper-lazy-parts',
  setup(build) {
    build.onResolve({ filter: /\/parts\.js$/ }, (args) =>
      args.resolveDir.endsWith('/src/lazy') || args.path.startsWith('../lazy/')
        ? { path: builtParts }
        : undefined,
    );
  },
};

export default defineConfig([
  packageBuild({
    entry: { index: 'src/index.ts', adapter: 'src/adapter/index.ts' },
    external,
    splitting: false,
    esbuildPlugins: [lazyParts],
    // The parts are the other build's (below), which runs at the same time.
    clean: ['!adapter-spawned.cjs*', '!adapter-run.cjs*'],
  }),
  packageBuild({
    entry: parts,
    format: ['cjs'],
    external,
    splitting: false,
    esbuildPlugins: [lazyParts],
    dts: false,
    clean: false,
  }),
]);
