import type { Options } from 'tsup';

/**
 * What every package's build shares: ESM and CommonJS for Node 20 and later, with declarations and
 * source maps (spawn sites in reaper's own frames are told by them), `import.meta.url` and
 * `__dirname` shimmed for the other format. A package adds its entries, what stays external, and
 * anything of its own.
 */
export function packageBuild(options: Options): Options {
  return {
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    shims: true,
    ...options,
  };
}
