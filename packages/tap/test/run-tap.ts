import { type ChildProcess, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installPacked, PACKED_DIR_VAR } from '../../../test-support/packed.js';
import { type ProjectRun, runInProject } from '../../../test-support/project.js';

/** The node-tap releases under test: the newest of each tested major. */
export const TAPS = { tap21: '21.8.0', tap18: '18.8.0' } as const;
export type TapVersion = keyof typeof TAPS;

/** The one line of the contract, in package.json. */
export const TAP_CONFIG = { plugin: ['@reaper/tap'] };

export interface RunTapOptions {
  files: Record<string, string>;
  tap?: TapVersion;
  args?: string[];
  env?: Record<string, string>;
  /**
   * The project's tap was built with `@reaper/tap` before the run (true by default), as after a
   * first run or `tap build`. False: the run finds the plugin new and rebuilds tap's Test class
   * itself (tap 18.8 and later).
   */
  prebuilt?: boolean;
  /** The project's `.js` files are CommonJS (ES modules by default). */
  commonjs?: boolean;
  /** The version the project's `tap/package.json` claims: that tap, faked on top of the real one. */
  fakeVersion?: string;
  /** Called once tap is running (with its output so far); then tap gets SIGINT, as from Ctrl-C. */
  whileRunning?: (tap: ChildProcess, dir: string, output: () => string) => Promise<void>;
  /** tap runs twice in the project, the output of each after a `=== run N ===` line; the report is the second's. */
  twice?: boolean;
}

/**
 * Runs the real `tap` command on an inline project whose package.json has the one line
 * (`"tap": { "plugin": ["@reaper/tap"] }`), with tap installed from the registry by npm and
 * `@reaper/tap` and `@reaper/core` from their packed tarballs. The report is asked for in
 * `reaper-report.json` (REAPER_REPORT).
 */
export function runTap(options: RunTapOptions): Promise<ProjectRun> {
  const version = TAPS[options.tap ?? 'tap21'];
  const source = options.prebuilt === false ? pristineTap(version) : builtTap(version);
  const tap = [join('node_modules', 'tap', 'dist', 'esm', 'run.mjs'), ...(options.args ?? [])];
  return runInProject({
    files: { 'package.json': projectManifest(options.commonjs ? 'commonjs' : 'module'), ...options.files },
    install(dir) {
      cpSync(join(source, 'node_modules'), join(dir, 'node_modules'), {
        recursive: true,
        verbatimSymlinks: true,
      });
      if (options.prebuilt === false) installPacked(dir, ['core', 'tap']);
      if (options.fakeVersion)
        fakeVersion(join(dir, 'node_modules', 'tap', 'package.json'), options.fakeVersion);
    },
    argv: options.twice ? ['-e', twice(tap)] : tap,
    env: { REAPER_REPORT: 'reaper-report.json', ...options.env },
    whileRunning: options.whileRunning,
    stopSignal: 'SIGINT',
  });
}

/** A script that runs `tap` twice, one run after the other, and exits as the second did. */
function twice(tap: string[]): string {
  return `const { spawnSync } = require('node:child_process');
let status = 0;
for (const n of [1, 2]) {
  process.stdout.write('=== run ' + n + ' ===\\n');
  status = spawnSync(process.execPath, ${JSON.stringify(tap)}, { stdio: 'inherit', timeout: 80000 }).status;
}
process.exitCode = status;`;
}

function fakeVersion(manifest: string, version: string): void {
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
  writeFileSync(manifest, JSON.stringify({ ...pkg, version }));
}

function projectManifest(type: 'module' | 'commonjs' = 'module'): string {
  return JSON.stringify({ name: 'tap-project', version: '1.0.0', type, tap: TAP_CONFIG });
}

/**
 * tap `version` installed by npm from the registry, once per machine (kept in the temporary
 * directory across test runs, never changed after): `<dir>/node_modules`, without reaper.
 */
function pristineTap(version: string): string {
  const dir = join(tmpdir(), 'reaper-tap-cache', `tap-${version}`);
  if (existsSync(join(dir, 'ready'))) return dir;
  return settle(dir, (work) => {
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'tap-cache', version: '1.0.0' }));
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', `tap@${version}`],
      {
        cwd: work,
        stdio: ['ignore', 'ignore', 'inherit'],
        timeout: 300_000,
      },
    );
  });
}

/**
 * tap `version` with this run's `@reaper/core` and `@reaper/tap` (the packed tarballs) and its Test
 * class built with `@reaper/tap`: by `tap build` before tap 21; on tap 21 by tap's own build script
 * with the plugin list tap computes from the config, which is what `tap build` runs once its
 * registry step is done (tap 21 looks every named plugin up in the registry first, where
 * `@reaper/tap` is not published yet). Once per test run, kept beside the tarballs.
 */
function builtTap(version: string): string {
  const packed = process.env[PACKED_DIR_VAR];
  if (!packed) throw new Error(`${PACKED_DIR_VAR} is not set: expected the global setup's packed tarballs.`);
  const dir = join(packed, `tap-${version}-built`);
  if (existsSync(join(dir, 'ready'))) return dir;
  const pristine = pristineTap(version);
  return settle(dir, (work) => {
    cpSync(join(pristine, 'node_modules'), join(work, 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    writeFileSync(join(work, 'package.json'), projectManifest());
    installPacked(work, ['core', 'tap']);
    const node = (...args: string[]) =>
      execFileSync(process.execPath, args, { cwd: work, encoding: 'utf8', timeout: 120_000 });
    const tap = join('node_modules', 'tap', 'dist', 'esm', 'run.mjs');
    if (Number.parseInt(version, 10) < 21) {
      node(tap, 'build');
      return;
    }
    const plugins = node(tap, 'plugin', 'list').split('\n').filter(Boolean);
    node(join('node_modules', '@tapjs', 'test', 'dist', 'esm', 'build.mjs'), ...plugins);
  });
}

/** Makes `dir` by `fill` in a fresh directory beside it, then moves it in; another process's win stands. */
function settle(dir: string, fill: (work: string) => void): string {
  mkdirSync(join(dir, '..'), { recursive: true });
  const work = mkdtempSync(`${dir}.work-`);
  try {
    fill(work);
    writeFileSync(join(work, 'ready'), '');
    try {
      renameSync(work, dir);
    } catch (error) {
      if (!existsSync(join(dir, 'ready'))) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}
