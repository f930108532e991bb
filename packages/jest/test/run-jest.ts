import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fakePackageVersion } from '../../../test-support/fake-version.js';
import { installPacked } from '../../../test-support/packed.js';
import { type ProjectRun, runInProject } from '../../../test-support/project.js';

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
export function runJest(options: RunJestOptions): Promise<ProjectRun> {
  const jest = options.jest ?? 'jest30';
  return runInProject({
    prefix: 'reaper-jest-e2e-',
    files: options.files,
    install(dir) {
      installPacked(dir, ['core', 'jest']);
      // The project's own Jest, as its package.json would install it (reaper reads its version).
      const jestDir = join(jestBins[jest], '..', '..');
      if (options.fakeVersion) {
        // Its main file: `build/index.js` (Jest 30), `build/jest.js` (Jest 24).
        const main = join(JSON.parse(readFileSync(join(jestDir, 'package.json'), 'utf8')).main);
        fakePackageVersion(realpathSync(jestDir), join(dir, 'node_modules', 'jest'), options.fakeVersion, [
          main,
        ]);
      } else symlinkSync(jestDir, join(dir, 'node_modules', 'jest'));
      for (const [name, runner] of Object.entries(runnerPackages(jest))) {
        symlinkSync(runner, join(dir, 'node_modules', name));
      }
      for (const dependency of ['esbuild', 'ts-jest', 'typescript']) {
        symlinkSync(
          join(packages, 'jest', 'node_modules', dependency),
          join(dir, 'node_modules', dependency),
        );
      }
    },
    argv: [...(options.nodeFlags ?? []), jestBins[jest], '--ci', ...(options.args ?? [])],
    env: options.env,
    whileRunning: options.whileRunning,
    join: 'streams',
    durations: jestDurations,
  });
}

/** Jest's durations: `(12 ms)`, `(1.5 s)` and its `Time:` line. */
export function jestDurations(text: string): string {
  return text.replace(/\(\d+(\.\d+)? m?s\)/g, '(T)').replace(/Time: .*$/gm, 'Time: T');
}

/** The failure block Jest prints for one test, from its `●` line to the next one. */
export function failureOf(output: string, title: string): string {
  const start = output.indexOf(`● ${title}`);
  if (start < 0) return '';
  const end = output.indexOf('●', start + 1);
  return output.slice(start, end < 0 ? undefined : end).trim();
}
