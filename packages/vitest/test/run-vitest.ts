import type { ChildProcess } from 'node:child_process';
import { realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fakePackageVersion } from '../../../test-support/fake-version.js';
import { installPacked } from '../../../test-support/packed.js';
import { type ProjectRun, runInProject } from '../../../test-support/project.js';

const packages = join(import.meta.dirname, '..', '..');
const vitests = {
  vitest2: realpathSync(join(packages, 'vitest', 'node_modules', 'vitest2')),
  vitest3: realpathSync(join(packages, 'vitest', 'node_modules', 'vitest3')),
  vitest30: realpathSync(join(packages, 'vitest', 'node_modules', 'vitest30')),
  vitest4: realpathSync(join(packages, 'vitest', 'node_modules', 'vitest')),
  vitest40: realpathSync(join(packages, 'vitest', 'node_modules', 'vitest40')),
  vitest5: realpathSync(join(packages, 'vitest', 'node_modules', 'vitest5')),
};

const groupByPolyfill = join(import.meta.dirname, '..', '..', '..', 'test-support', 'map-groupby.cjs');
/** Vitest 5's reporters need `Map.groupBy` (Node 21+): on Node 20 its e2e runs with a polyfill, on 22 and 24 natively. */
const needsGroupBy = Number(process.versions.node.split('.')[0]) < 21;

export interface RunVitestOptions {
  files: Record<string, string>;
  args?: string[];
  env?: Record<string, string>;
  vitest?: keyof typeof vitests;
  /** The version the project's `vitest/package.json` claims: that Vitest, faked on top of `vitest`. */
  fakeVersion?: string;
  /** The project's package.json; an ESM package (`"type": "module"`) unless given. */
  packageJson?: Record<string, unknown>;
  /** `vitest watch` instead of `vitest run`: the run ends when `whileRunning` ends Vitest. */
  watch?: boolean;
  /** Called once Vitest is running, with its process and the project directory. */
  whileRunning?: (vitest: ChildProcess, dir: string) => Promise<void>;
}

/**
 * Runs real Vitest on an inline project (in the style of Vitest's own `runInlineTests`), in a
 * temporary directory where @reaper/* are installed from their packed tarballs, the way npm
 * installs them, and `vitest` is the version under test.
 */
export function runVitest(options: RunVitestOptions): Promise<ProjectRun> {
  const vitestDir = vitests[options.vitest ?? 'vitest4'];
  return runInProject({
    prefix: 'reaper-vitest-e2e-',
    files: { 'package.json': JSON.stringify(options.packageJson ?? { type: 'module' }), ...options.files },
    install(dir) {
      installPacked(dir, ['core', 'vitest']);
      if (options.fakeVersion) {
        fakePackageVersion(vitestDir, join(dir, 'node_modules', 'vitest'), options.fakeVersion, [
          'index.cjs',
        ]);
      } else symlinkSync(vitestDir, join(dir, 'node_modules', 'vitest'));
      if (options.vitest === 'vitest2' || options.vitest === 'vitest3') {
        // Vitest 2 and 3 want Vite 5 (or 6), found beside them in pnpm's store.
        symlinkSync(join(vitestDir, '..', 'vite'), join(dir, 'node_modules', 'vite'));
      }
      symlinkSync(join(packages, 'vitest', 'node_modules', 'esbuild'), join(dir, 'node_modules', 'esbuild'));
    },
    argv: [join(vitestDir, 'vitest.mjs'), options.watch ? 'watch' : 'run', ...(options.args ?? [])],
    env: {
      CI: '1',
      ...(options.vitest === 'vitest5' && needsGroupBy
        ? { NODE_OPTIONS: `--require ${groupByPolyfill}` }
        : {}),
      ...options.env,
    },
    whileRunning: options.whileRunning,
    // Vitest's durations: `12ms`, `1.5s`, `(3 tests) 12ms`.
    durations: (text) => text.replace(/\d+(\.\d+)?m?s\b/g, 'T'),
  });
}
