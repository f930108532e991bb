import type { ChildProcess } from 'node:child_process';
import { readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fakePackageVersion } from '../../../test-support/fake-version.js';
import { installPacked } from '../../../test-support/packed.js';
import { type ProjectRun, runInProject } from '../../../test-support/project.js';

const installed = (alias: string) => realpathSync(join(import.meta.dirname, '..', 'node_modules', alias));

/** Each Mocha under test, by its devDependency alias: the supported ones and older ones. */
const mochas = {
  mocha2: installed('mocha2'),
  mocha7: installed('mocha7'),
  'mocha8-1': installed('mocha8-1'),
  mocha8: installed('mocha8'),
  mocha9: installed('mocha9'),
  mocha10: installed('mocha10'),
  mocha11: installed('mocha11'),
  mocha12: installed('mocha12'),
};

export type MochaVersion = keyof typeof mochas;

export interface RunMochaOptions {
  files: Record<string, string>;
  args?: string[];
  env?: Record<string, string>;
  mocha?: MochaVersion;
  /** The version the project's `mocha/package.json` claims: that Mocha, faked on top of `mocha`. */
  fakeVersion?: string;
  /** Runs Mocha under `reaper run` (@reaper/cli), whose report is then `reaper-report.json`. */
  gate?: boolean;
  /** Called once Mocha is running (with its output so far); then Mocha gets SIGINT, as from Ctrl-C. */
  whileRunning?: (mocha: ChildProcess, dir: string, output: () => string) => Promise<void>;
}

/**
 * Runs real Mocha on an inline project where `@reaper/mocha` and `@reaper/core` are installed from
 * their packed tarballs, the way npm installs them, and `mocha` is the version under test. The
 * report is asked for in `reaper-report.json` (REAPER_REPORT).
 */
export function runMocha(options: RunMochaOptions): Promise<ProjectRun> {
  const mochaDir = mochas[options.mocha ?? 'mocha11'];
  const mocha = [binOf(mochaDir), ...(options.args ?? [])];
  return runInProject({
    files: options.files,
    install(dir) {
      installPacked(dir, options.gate ? ['core', 'mocha', 'cli'] : ['core', 'mocha']);
      const target = join(dir, 'node_modules', 'mocha');
      if (options.fakeVersion) fakePackageVersion(mochaDir, target, options.fakeVersion, ['index.js']);
      else symlinkSync(mochaDir, target);
    },
    argv: options.gate
      ? [join('node_modules', '@reaper', 'cli', 'dist', 'bin.js'), 'run', '--', process.execPath, ...mocha]
      : mocha,
    env: { REAPER_REPORT: 'reaper-report.json', ...options.env },
    whileRunning: options.whileRunning,
    stopSignal: 'SIGINT',
  });
}

/** Mocha's command, as its package.json names it (`bin/mocha.js` since Mocha 10, `bin/mocha` before). */
function binOf(mochaDir: string): string {
  const pkg = JSON.parse(readFileSync(join(mochaDir, 'package.json'), 'utf8')) as { bin: { mocha: string } };
  return join(mochaDir, pkg.bin.mocha);
}

/**
 * The failure Mocha lists for a test (or hook) whose title ends the failure's heading, without its
 * number (the order of failures differs between serial and parallel runs).
 */
export function failureOf(output: string, title: string): string {
  const epilogue = output.slice(output.search(/^\s+\d+ failing/m));
  const blocks = epilogue.split(/\n(?=\s+\d+\) )/);
  const block = blocks.find((text) =>
    text.split('\n').some((line) => line.trim().replace(/^\d+\) /, '') === `${title}:`),
  );
  return (
    block
      ?.trim()
      .replace(/^\d+\) /, '')
      .split('\n\n\n')[0] ?? ''
  );
}
