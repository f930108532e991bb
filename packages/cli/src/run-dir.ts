import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Report, writeReport } from '@reaper/core';
import { INTERNAL_VARS } from '@reaper/core/adapter';
import type { Io } from './io.js';
import { readReport } from './report.js';

/** Where adapters running under this `reaper run` drop their reports (named in the environment). */
export function openRunDir(): string {
  return mkdtempSync(join(tmpdir(), 'reaper-run-'));
}

/** Reports that adapters under the command left in the run directory; a broken one is skipped. */
export function drainRunDir(dir: string, io: Io): Report[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    // Nothing was handed over.
  }
  const reports: Report[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    try {
      reports.push(readReport(join(dir, name), io.cwd, 'reaper run'));
    } catch (error) {
      io.stderr(`${(error as Error).message} (ignored)\n`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return reports;
}

/** Under another `reaper run`, hands this run's report to it like an adapter does. */
export function handOver(report: Report, io: Io): void {
  const outer = io.env[INTERNAL_VARS.runDir];
  if (!outer) return;
  try {
    writeReport(join(outer, `reaper-run-${process.pid}-${randomBytes(4).toString('hex')}.json`), report);
  } catch {
    // The outer run is gone or its directory was removed: nothing to hand over to.
  }
}
