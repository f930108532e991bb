import { type ChildProcess, spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Report } from '@reaper/core';
import { fakePackageVersion } from '../../../test-support/fake-version.js';
import { installPacked } from '../../../test-support/packed.js';

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

export interface VitestRun {
  code: number | null;
  output: string;
  report: Report | undefined;
}

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
export async function runVitest(options: RunVitestOptions): Promise<VitestRun> {
  const dir = mkdtempSync(join(tmpdir(), 'reaper-vitest-e2e-'));
  for (const [name, text] of Object.entries(options.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify(options.packageJson ?? { type: 'module' }));
  installPacked(dir, ['core', 'vitest']);
  const vitestDir = vitests[options.vitest ?? 'vitest4'];
  if (options.fakeVersion) {
    fakePackageVersion(vitestDir, join(dir, 'node_modules', 'vitest'), options.fakeVersion, ['index.cjs']);
  } else symlinkSync(vitestDir, join(dir, 'node_modules', 'vitest'));
  if (options.vitest === 'vitest2' || options.vitest === 'vitest3') {
    // Vitest 2 and 3 want Vite 5 (or 6), found beside them in pnpm's store.
    symlinkSync(join(vitestDir, '..', 'vite'), join(dir, 'node_modules', 'vite'));
  }
  symlinkSync(join(packages, 'vitest', 'node_modules', 'esbuild'), join(dir, 'node_modules', 'esbuild'));
  try {
    const child = spawn(
      process.execPath,
      [join(vitestDir, 'vitest.mjs'), options.watch ? 'watch' : 'run', ...(options.args ?? [])],
      {
        cwd: dir,
        env: {
          ...process.env,
          // Without pnpm's NODE_PATH: the project resolves only what it installed.
          NODE_PATH: undefined,
          FORCE_COLOR: '0',
          NO_COLOR: '1',
          CI: '1',
          ...(options.vitest === 'vitest5' && needsGroupBy
            ? { NODE_OPTIONS: `--require ${groupByPolyfill}` }
            : {}),
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    await options.whileRunning?.(child, dir);
    const code = await closed;
    clearTimeout(timer);
    let report: Report | undefined;
    try {
      report = JSON.parse(readFileSync(join(dir, 'reaper-report.json'), 'utf8'));
    } catch {
      report = undefined;
    }
    return { code, output: normalise(output, dir), report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function normalise(text: string, dir: string): string {
  return text
    .split(realpathSync(dir))
    .join('<project>')
    .split(dir)
    .join('<project>')
    .replace(/\b\d+ ms\b/g, 'N ms')
    .replace(/(├─ |└─ )\d+ /g, '$1PID ')
    .replace(/\d+(\.\d+)?m?s\b/g, 'T');
}
