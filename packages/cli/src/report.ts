import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  formatGithub,
  formatHtml,
  formatJunit,
  formatMarkdown,
  formatResult,
  formatSummary,
  hasLeaks,
  mergeReports,
  parseReport,
  type Report,
} from '@reaper/core';
import { parseArgs } from './args.js';
import { EXIT, type Io, UsageError } from './io.js';
import { REPORT_USAGE } from './usage.js';

export const FORMATS = ['text', 'json', 'markdown', 'github', 'junit', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** The text rendering: each scope that left processes behind as a tree, then the summary line. */
export function formatText(report: Report): string {
  const parts = report.entries.filter((e) => e.leaked.length > 0).map((e) => formatResult(e));
  parts.push(formatSummary(report.entries));
  return `${parts.join('\n\n')}\n`;
}

export function render(report: Report, format: Format): string {
  switch (format) {
    case 'text':
      return formatText(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return formatMarkdown(report);
    case 'github':
      return formatGithub(report);
    case 'junit':
      return formatJunit(report);
    case 'html':
      return formatHtml(report);
  }
}

/**
 * Reads a report file. Throws a `UsageError` with one line naming the file and the problem: it is
 * missing, unreadable, not JSON, or not a `reaper-report/1` report.
 */
export function readReport(file: string, cwd: string, command = 'reaper report'): Report {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`${command}: ${file}: ${describeReadError(error as NodeJS.ErrnoException)}`);
  }
  try {
    return parseReport(text);
  } catch (error) {
    throw new UsageError(`${command}: ${file}: ${(error as Error).message}`);
  }
}

function describeReadError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, not a report file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot be read (${error.code ?? error.message})`;
  }
}

/** `reaper report <file...> [--format F] [--fail-on-leak]`. Resolves to the exit status. */
export function reportCommand(args: readonly string[], io: Io): number {
  const command = 'reaper report';
  const parsed = parseArgs(
    command,
    args,
    [
      { name: '--format', value: true },
      { name: '--fail-on-leak', value: false },
      { name: '--help', value: false },
      { name: '-h', value: false },
    ],
    false,
  );
  if (parsed.flags.has('--help') || parsed.flags.has('-h')) {
    io.stdout(REPORT_USAGE);
    return EXIT.ok;
  }
  const format = parsed.flags.get('--format') ?? 'text';
  if (!(FORMATS as readonly unknown[]).includes(format)) {
    throw new UsageError(
      `${command}: Expected --format to be one of ${FORMATS.join(', ')}, got \`${String(format)}\`.`,
    );
  }
  if (parsed.positional.length === 0) {
    io.stderr(`${command}: no report files given.\n\n${REPORT_USAGE}`);
    return EXIT.usage;
  }
  // Every input is read and checked before anything is written.
  const reports = parsed.positional.map((file) => readReport(file, io.cwd, command));
  const merged = mergeReports(reports);
  io.stdout(render(merged, format as Format));
  const leaked = merged.entries.some((e) => hasLeaks(e));
  return parsed.flags.has('--fail-on-leak') && leaked ? EXIT.leakInReport : EXIT.ok;
}
