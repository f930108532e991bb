import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { wallNow } from '../wall-clock.js';
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

/** Where a run's report goes: the JSON report and its HTML page, either or both. */
export interface ReportFiles {
  outputFile?: string | undefined;
  htmlFile?: string | undefined;
}

/**
 * Writes the report's files. Returns what the summary line says of them (`; report: /abs/path`)
 * and one message per file that could not be written; never throws.
 */
export function writeReportFiles(
  report: Report,
  files: ReportFiles,
  cwd: string = process.cwd(),
): { written: string; failures: string[] } {
  let written = '';
  const failures: string[] = [];
  const targets = [
    { file: files.outputFile, write: writeReport, label: 'report' },
    { file: files.htmlFile, write: writeHtmlReport, label: 'html' },
  ];
  for (const { file, write, label } of targets) {
    if (!file) continue;
    try {
      written += `; ${label}: ${write(file, report, cwd)}`;
    } catch (error) {
      failures.push(`could not write the ${label} to \`${file}\`: ${(error as Error).message}`);
    }
  }
  return { written, failures };
}

function writeAtomically(target: string, text: string): string {
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${wallNow()}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return target;
}
