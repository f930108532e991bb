import { realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fakePackageVersion } from '../../../test-support/fake-version.js';
import { installPacked } from '../../../test-support/packed.js';
import { type ProjectRun, runInProject } from '../../../test-support/project.js';

const installed = (alias: string) => realpathSync(join(import.meta.dirname, '..', 'node_modules', alias));

/** Each AVA under test, by its devDependency alias. */
const avas = { ava6: installed('ava6'), ava7: installed('ava7') };

export type AvaVersion = keyof typeof avas;

/** The AVAs every e2e runs, newest first. */
export const avaVersions: readonly AvaVersion[] = ['ava7', 'ava6'];

/** AVA's two ways to run a file, as `[title, workerThreads]`: its default, then its other. */
export const avaModes: readonly (readonly [string, boolean])[] = [
  ['worker threads', true],
  ['a process per file', false],
];

export interface RunAvaOptions {
  files: Record<string, string>;
  ava?: AvaVersion;
  /** AVA's `workerThreads` (its default, true: every file in a thread of one process). */
  workerThreads?: boolean;
  /** The `require` entry; `['@reaper/ava']` unless given. */
  require?: unknown[];
  args?: string[];
  env?: Record<string, string>;
  /** The version the project's `ava/package.json` claims: that AVA, faked on top of `ava`. */
  fakeVersion?: string;
}

/**
 * Runs real AVA on an inline ES module project where `@reaper/ava` and `@reaper/core` are installed
 * from their packed tarballs, the way npm installs them, and `ava` is the version under test. The
 * report is asked for in `reaper-report.json` (REAPER_REPORT).
 */
export function runAva(options: RunAvaOptions): Promise<ProjectRun> {
  const avaDir = avas[options.ava ?? 'ava7'];
  const config = {
    require: options.require ?? ['@reaper/ava'],
    workerThreads: options.workerThreads ?? true,
  };
  return runInProject({
    files: {
      // A project's own `ava.config.js` replaces the config in package.json (AVA refuses both).
      'package.json': JSON.stringify({
        name: 'project',
        type: 'module',
        ...('ava.config.js' in options.files ? {} : { ava: config }),
      }),
      ...options.files,
    },
    install(dir) {
      installPacked(dir, ['core', 'ava']);
      const target = join(dir, 'node_modules', 'ava');
      if (options.fakeVersion)
        fakePackageVersion(avaDir, target, options.fakeVersion, ['entrypoints/main.cjs']);
      else symlinkSync(avaDir, target);
    },
    argv: [join(avaDir, 'entrypoints', 'cli.mjs'), ...(options.args ?? [])],
    env: { REAPER_REPORT: 'reaper-report.json', ...options.env },
  });
}

/**
 * The lines AVA lists for its tests and hooks (`✔ a › passes`, `✘ [fail]: …`), in a stable order,
 * without the time AVA gives a slow test (`(T)`, or `(1.1s)`: the harness normalises only
 * milliseconds).
 */
export function listedOf(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /^\s+[✔✘]/.test(line))
    .map((line) => line.trim().replace(/ \((?:T|\d+(?:\.\d+)?s)\)$/, ''))
    .sort();
}
