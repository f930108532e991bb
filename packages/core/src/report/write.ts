import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Report } from './types.js';

/**
 * Writes a report atomically: to a temporary file beside the target, then renamed over it, so a
 * reader never sees half a report. Returns the absolute path written.
 */
export function writeReport(file: string, report: Report, cwd: string = process.cwd()): string {
  const target = resolve(cwd, file);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(report, null, 2)}\n`);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return target;
}
