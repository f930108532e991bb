import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@reaper/core';
import { expect } from 'vitest';
import { type BddStyle, bddFile } from './bdd-file.js';
import { eventually, findMarked, isAlive } from './processes.js';

/**
 * A run interrupted mid-test (issue 18, item 1: "if the run does end, the report and the summary are
 * still written"): the file's first test leaks and is checked, its second starts a server, writes
 * its pid to `started` and hangs, and the runner then gets a signal as from Ctrl-C or a CI cancel.
 */
export function hangingTestFile(style: BddStyle): string {
  return bddFile(style, hangingPrelude, 'hang', hangingTests);
}

/** What the hanging file requires, in CommonJS. */
export const hangingPrelude = `const { spawn } = require('node:child_process');\nconst { writeFileSync } = require('node:fs');\n`;

/** The hanging file's tests, in block `hang`, for a runner without `describe`/`it` (tap). */
export const hangingTests = [
  { title: 'leaks before', body: `spawn('sleep', ['393'], { stdio: 'ignore' });` },
  {
    title: 'starts a server and hangs',
    body: `const server = spawn('sleep', ['392'], { stdio: 'ignore' });
    writeFileSync(require('node:path').join(process.cwd(), 'started'), String(server.pid));
    await new Promise(() => {});`,
  },
];

export const hangingFile = 'hang.test.js';

/** Waits for the hanging test's server; returns its pid. */
export async function serverStarted(dir: string): Promise<number> {
  const path = join(dir, 'started');
  await eventually(() => existsSync(path) && Number(readFileSync(path, 'utf8')) > 0, 30_000);
  return Number(readFileSync(path, 'utf8'));
}

/**
 * A `whileRunning` for the harnesses: it waits for the hanging test's server, then sends the runner
 * `signal`; `server()` is the server's pid (0 before it started).
 */
export function interruptWhenServing(signal: NodeJS.Signals): {
  whileRunning: (runner: ChildProcess, dir: string) => Promise<void>;
  server: () => number;
} {
  let server = 0;
  return {
    whileRunning: async (runner, dir) => {
      server = await serverStarted(dir);
      runner.kill(signal);
    },
    server: () => server,
  };
}

/** The hanging test's server has started, and is gone within 5 s of the run's end. */
export async function expectServerGone(server: number): Promise<void> {
  expect(server).toBeGreaterThan(0);
  expect(await eventually(() => !isAlive(server), 5000)).toBe(true);
}

/**
 * The run ended with the signal: the server is gone, nothing is left, and the report still says
 * what was checked (the first test's leak) and what was not (`unfinished`, `file` null for a run
 * whose outermost scope is the whole run).
 */
export async function expectInterruptedRun(
  run: { output: string; report: Report | undefined },
  server: number,
  unfinished: { file: string | null; signal: NodeJS.Signals },
): Promise<void> {
  await expectServerGone(server);
  expect(findMarked()).toEqual([]);
  expect(run.report?.entries.map((e) => `${e.test} ${e.leaked.map((p) => p.command)}`)).toEqual([
    'hang > leaks before sleep 393',
  ]);
  const reason = `the run was interrupted (${unfinished.signal}) before reaper's checks of it ran`;
  expect(run.report?.unfinished).toEqual([{ file: unfinished.file, reason }]);
  expect(run.output).toContain(
    `reaper: 1 test file was not fully checked: ${unfinished.file ?? 'the run'} (${reason})`,
  );
}
