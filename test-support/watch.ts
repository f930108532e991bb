import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@reaper/core';
import { expect } from 'vitest';
import { eventually, findMarked, isAlive } from './processes.js';

// What the watch-mode e2e tests of every runner share: a first run whose test leaks `sleep N`, a
// change to the file that makes the re-run leak `sleep N+1`, and what each run's report must say.

function readReport(dir: string): Report | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'reaper-report.json'), 'utf8')) as Report;
  } catch {
    return undefined;
  }
}

const leakedCommands = (report: Report | undefined) =>
  (report?.entries ?? []).flatMap((e) => e.leaked.map((p) => p.command));

/**
 * While the runner watches `dir`: waits (bounded) for the first run's report to name `sleep
 * <first>`, rewrites `file` with `leakyFile(first + 1)`, waits for the re-run's, then ends the
 * runner. Each report seen is pushed on `reports`.
 */
export async function driveRerun(
  runner: ChildProcess,
  dir: string,
  file: string,
  leakyFile: (seconds: number) => string,
  first: number,
  reports: Report[],
): Promise<void> {
  try {
    for (const seconds of [first, first + 1]) {
      if (seconds !== first) writeFileSync(join(dir, file), leakyFile(seconds));
      if (!(await eventually(() => leakedCommands(readReport(dir)).includes(`sleep ${seconds}`), 30_000)))
        return;
      reports.push(readReport(dir)!);
    }
  } finally {
    runner.kill('SIGTERM');
  }
}

/**
 * The two runs' reports: the first run's tests, the re-run's report that run's own (its tests once
 * each, its leak, its times), one summary line per run, every leaked process gone, nothing left.
 */
export async function expectRerunReports(reports: Report[], output: string, first: number): Promise<void> {
  const [one, two] = reports;
  expect(one?.entries.map((e) => `${e.test} ${e.spawned.length} ${e.leaked.length}`)).toEqual([
    'leaks 1 1',
    'is clean 1 0',
  ]);
  expect(
    two?.entries.map((e) => `${e.test} ${e.spawned.map((p) => p.command)} ${e.leaked.map((p) => p.command)}`),
  ).toEqual([`leaks sleep ${first + 1} sleep ${first + 1}`, 'is clean true ']);
  expect(two?.summary).toMatchObject({ scopes: 2, leakedScopes: 1, leakedProcesses: 1 });
  expect(two!.startedAt).toBeGreaterThanOrEqual(one!.endedAt);
  expect(output.match(/^reaper: 1 test leaked 1 process — all reaped/gm)).toHaveLength(2);
  for (const report of reports) {
    for (const entry of report.entries) for (const p of entry.leaked) expect(isAlive(p.pid)).toBe(false);
  }
  // The runner's workers end just after it does: then nothing of the run is left.
  expect(await eventually(() => findMarked().length === 0, 10_000)).toBe(true);
}
