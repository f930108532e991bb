import type { Report } from '@reaper/core';
import { expect } from 'vitest';
import { type BddStyle, bddFile } from './bdd-file.js';
import { findMarked } from './processes.js';

/**
 * A test file whose process dies before reaper's checks of it have all run (issue 18, item 4): its
 * first test leaks and is checked; its second SIGKILLs its own process. The report must keep what
 * was checked and say that the file was not fully checked, in the JSON and in the summary line.
 */
export function diedTestFile(style: BddStyle): string {
  return bddFile(style, `const { spawn } = require('node:child_process');\n`, 'dies', [
    { title: 'leaks a child', body: `spawn('sleep', ['421'], { stdio: 'ignore' });` },
    { title: 'ends its own process', body: `process.kill(process.pid, 'SIGKILL');` },
  ]);
}

export const diedFile = 'dies.test.js';

/** What every runner's run must show, whatever it says of the dead worker itself. */
export function expectDiedRun(run: { output: string; report: Report | undefined }): void {
  expect(
    run.report?.entries.flatMap((e) => e.leaked.map((p) => `${e.test} ${p.command} ${p.outcome}`)),
  ).toEqual(['dies > leaks a child sleep 421 terminated']);
  expect(run.report?.unfinished).toEqual([
    { file: diedFile, reason: "its worker process ended before reaper's checks of it ran" },
  ]);
  expect(run.output).toContain(
    `reaper: 1 test file was not fully checked: ${diedFile} (its worker process ended before reaper's checks of it ran)`,
  );
  expect(findMarked()).toEqual([]);
}
