import type { ChildProcess } from 'node:child_process';
import type { Report } from '@reaper/core';
import { installPacked } from '../../../test-support/packed.js';
import { type ProjectRun, runInProject } from '../../../test-support/project.js';

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
export function runNodeTest(options: RunNodeTestOptions): Promise<ProjectRun> {
  return runInProject({
    prefix: 'reaper-node-test-e2e-',
    files: options.files,
    install: (dir) => installPacked(dir, ['core', 'node-test']),
    command: options.node,
    argv: [
      '--test',
      ...(options.preload ?? ['--import', '@reaper/node-test']),
      ...(options.reporters ?? REPORTERS),
      ...(options.args ?? []),
    ],
    env: { REAPER_REPORT: 'reaper-report.json', ...options.env },
    whileRunning: options.whileRunning,
    join: 'streams',
    // node:test's durations: `(1.5ms)`, `duration_ms 812`.
    durations: (text) =>
      text.replace(/\(\d+(\.\d+)? ?m?s\)/g, '(T)').replace(/duration_ms .*$/gm, 'duration_ms T'),
  });
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
