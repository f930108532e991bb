import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@reaper/core';
import { installPacked } from '../../../test-support/packed.js';
import { createProject, runCommand } from '../../../test-support/project.js';
import { normalise as normaliseTree } from '../../jest/test/run-jest.js';

export interface NodeTestRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr with pids, times and the project path normalised. */
  output: string;
  report: Report | undefined;
}

export interface RunNodeTestOptions {
  node: string;
  files: Record<string, string>;
  /** Instead of `--import @reaper/node-test`. */
  preload?: string[];
  /** Instead of spec and reaper's reporter (REPORTERS). */
  reporters?: string[];
  args?: string[];
  env?: Record<string, string>;
  /** Called once `node --test` is running, with its process and the project directory. */
  whileRunning?: (runner: ChildProcess, dir: string) => Promise<void>;
}

/** The reporters a user adds: spec on stdout, reaper's on stderr. */
export const REPORTERS = [
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=@reaper/node-test/reporter',
  '--test-reporter-destination=stderr',
];

/**
 * Runs `node --test` of the given Node on an inline project in a temporary directory where
 * `@reaper/node-test` and `@reaper/core` are installed from their packed tarballs, the way npm
 * installs them. The report is `reaper-report.json` (REAPER_REPORT).
 */
export async function runNodeTest(options: RunNodeTestOptions): Promise<NodeTestRun> {
  const dir = createProject('reaper-node-test-e2e-', options.files);
  installPacked(dir, ['core', 'node-test']);
  try {
    const args = [
      '--test',
      ...(options.preload ?? ['--import', '@reaper/node-test']),
      ...(options.reporters ?? REPORTERS),
    ];
    const { code, stdout, stderr } = await runCommand(options.node, [...args, ...(options.args ?? [])], {
      cwd: dir,
      env: {
        ...process.env,
        FORCE_COLOR: '0',
        NO_COLOR: '1',
        REAPER_REPORT: 'reaper-report.json',
        ...options.env,
      },
      whileRunning: options.whileRunning && ((runner) => options.whileRunning!(runner, dir)),
    });
    return { code, stdout, stderr, output: normalise(`${stdout}\n${stderr}`, dir), report: readReport(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function readReport(dir: string): Report | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'reaper-report.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** As for Jest (pids, ms, the project path), and node:test's durations: `(1.5ms)`, `duration_ms 812`. */
export function normalise(text: string, dir: string): string {
  return normaliseTree(text, dir)
    .replace(/\(\d+(\.\d+)?ms\)/g, '(T)')
    .replace(/duration_ms .*$/gm, 'duration_ms T');
}

/** The report's entries as `scope test: kind command outcome, …` lines, sorted. */
export function describeEntries(report: Report | undefined): string[] {
  return (report?.entries ?? [])
    .map(
      (e) =>
        `${e.scope} ${e.file} ${e.test ?? '-'}: ${e.leaked.map((p) => `${p.kind} ${p.command} ${p.outcome}`).join(', ')}`,
    )
    .sort();
}
