import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@reaper/core';
import { fakePackageVersion } from '../../../test-support/fake-version.js';
import { installPacked } from '../../../test-support/packed.js';
import { createProject, runCommand } from '../../../test-support/project.js';

const packages = join(import.meta.dirname, '..', '..');
const jestBins = {
  jest30: join(packages, 'jest', 'node_modules', 'jest', 'bin', 'jest.js'),
  jest29: join(packages, 'jest', 'node_modules', 'jest29', 'bin', 'jest.js'),
  jest28: join(packages, 'jest', 'node_modules', 'jest28', 'bin', 'jest.js'),
  jest27: join(packages, 'jest', 'node_modules', 'jest27', 'bin', 'jest.js'),
  jest26: join(packages, 'jest', 'node_modules', 'jest26', 'bin', 'jest.js'),
  jest25: join(packages, 'jest', 'node_modules', 'jest25', 'bin', 'jest.js'),
  jest24: join(packages, 'jest', 'node_modules', 'jest24', 'bin', 'jest.js'),
};

/**
 * The project's `jest-circus` and `jest-jasmine2`, of its Jest's version, so that its config can
 * name either (`testRunner: 'jest-circus/runner'`, `'jest-jasmine2'`): our devDependency of that
 * version where Jest does not bring it (circus before 27, jasmine2 from 28 on; `jest-circus26`,
 * `jest-jasmine2-29`, …), else the one its jest-config depends on.
 */
function runnerPackages(jest: keyof typeof jestBins): Record<string, string> {
  const major = jest.slice('jest'.length);
  const ours = (name: string) => [
    join(packages, 'jest', 'node_modules', `${name}${major}`),
    join(packages, 'jest', 'node_modules', `${name}-${major}`),
  ];
  const jestConfig = ['jest-cli', '@jest/core', 'jest-config'].reduce(
    (dir, name) => dependencyOf(dir, name),
    join(jestBins[jest], '..', '..'),
  );
  const found: Record<string, string> = {};
  for (const name of ['jest-circus', 'jest-jasmine2']) {
    const bundled = dependencyOf(jestConfig, name);
    const own = jest === 'jest30' ? [join(packages, 'jest', 'node_modules', name)] : ours(name);
    const dir = [bundled, ...own].find((candidate) => existsSync(join(candidate, 'package.json')));
    if (dir) found[name] = dir;
  }
  return found;
}

/** Where the package at `dir` finds its dependency `name` (pnpm puts it beside the package). */
function dependencyOf(dir: string, name: string): string {
  const real = realpathSync(dir);
  const scoped = /^@[^/]+\/[^/]+$/.test(real.split('node_modules/').pop() ?? '');
  return join(real, scoped ? '../..' : '..', name);
}

export interface JestRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr with pids, times and the project path normalised, for snapshots. */
  output: string;
  report: Report | undefined;
  dir: string;
}

export interface RunJestOptions {
  files: Record<string, string>;
  args?: string[];
  env?: Record<string, string>;
  jest?: keyof typeof jestBins;
  /** The version the project's `jest/package.json` claims: that Jest, faked on top of `jest`. */
  fakeVersion?: string;
  nodeFlags?: string[];
  /** Called once Jest is running, with its process and the project directory. */
  whileRunning?: (jest: ChildProcess, dir: string) => Promise<void>;
}

/**
 * Runs real Jest on an inline project in a temporary directory where `@reaper/jest` and
 * `@reaper/core` are installed from their packed tarballs, the way npm installs them.
 */
export async function runJest(options: RunJestOptions): Promise<JestRun> {
  const dir = createProject('reaper-jest-e2e-', options.files);
  installPacked(dir, ['core', 'jest']);
  // The project's own Jest, as its package.json would install it (reaper reads its version).
  const jestDir = join(jestBins[options.jest ?? 'jest30'], '..', '..');
  if (options.fakeVersion) {
    // Its main file: `build/index.js` (Jest 30), `build/jest.js` (Jest 24).
    const main = join(JSON.parse(readFileSync(join(jestDir, 'package.json'), 'utf8')).main);
    fakePackageVersion(realpathSync(jestDir), join(dir, 'node_modules', 'jest'), options.fakeVersion, [main]);
  } else symlinkSync(jestDir, join(dir, 'node_modules', 'jest'));
  for (const [name, runner] of Object.entries(runnerPackages(options.jest ?? 'jest30'))) {
    symlinkSync(runner, join(dir, 'node_modules', name));
  }
  for (const dependency of ['esbuild', 'ts-jest', 'typescript']) {
    symlinkSync(join(packages, 'jest', 'node_modules', dependency), join(dir, 'node_modules', dependency));
  }
  try {
    const { code, stdout, stderr } = await runCommand(
      process.execPath,
      [...(options.nodeFlags ?? []), jestBins[options.jest ?? 'jest30'], '--ci', ...(options.args ?? [])],
      {
        cwd: dir,
        // Without pnpm's NODE_PATH (set by `pnpm`/`npx vitest`): through it Jest would resolve its
        // runner from the workspace's hoisted packages, another Jest's, instead of its own.
        env: { ...process.env, NODE_PATH: undefined, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
        whileRunning: options.whileRunning && ((jest) => options.whileRunning!(jest, dir)),
      },
    );
    let report: Report | undefined;
    try {
      report = JSON.parse(readFileSync(join(dir, 'reaper-report.json'), 'utf8'));
    } catch {
      report = undefined;
    }
    return { code, stdout, stderr, output: normalise(`${stdout}\n${stderr}`, dir), report, dir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function normalise(text: string, dir: string): string {
  return text
    .split(dir)
    .join('<project>')
    .replace(/\b\d+ ms\b/g, 'N ms')
    .replace(/(├─ |└─ )\d+ /g, '$1PID ')
    .replace(/\(\d+(\.\d+)? m?s\)/g, '(T)')
    .replace(/Time: .*$/gm, 'Time: T');
}

/** The failure block Jest prints for one test, from its `●` line to the next one. */
export function failureOf(output: string, title: string): string {
  const start = output.indexOf(`● ${title}`);
  if (start < 0) return '';
  const end = output.indexOf('●', start + 1);
  return output.slice(start, end < 0 ? undefined : end).trim();
}
