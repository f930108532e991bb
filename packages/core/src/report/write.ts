import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatHtml } from './html/format.js';
import type { Report } from './types.js';

/**
 * Writes a report atomically: to a temporary file beside the target, then renamed over it, so a
 * reader never sees half a report. Returns the absolute path written.
 */
export function writeReport(file: string, report: Report, cwd: string = process.cwd()): string {
  return writeAtomically(resolve(cwd, file), `${JSON.stringify(report, null, 2)}\n`);
}

/** Writes the report's HTML page ([reports.md](../../../../docs/reports.md#html)) the same way. */
export function writeHtmlReport(file: string, report: Report, cwd: string = process.cwd()): string {
  return writeAtomically(resolve(cwd, file), formatHtml(report));
}

function writeAtomically(target: string, text: string): string {
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return target;
}
