import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

/** The text rendering: each scope that left processes behind as a tree, then the summary line. */
export function formatText(report: Report): string {
  const parts = report.entries.filter((e) => e.leaked.length > 0).map((e) => formatResult(e));
  parts.push(formatSummary(report));
  return `${parts.join('\n\n')}\n`;
}

/** The renderer of each `--format`: a new format is one line here (and one in REPORT_USAGE). */
const RENDERERS = {
  text: formatText,
  json: (report: Report) => `${JSON.stringify(report, null, 2)}\n`,
  markdown: formatMarkdown,
  github: formatGithub,
  junit: formatJunit,
  html: formatHtml,
} satisfies Record<string, (report: Report) => string>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];

export function render(report: Report, format: Format): string {
  return RENDERERS[format](report);
}

/**
 * Reads a report file. Throws a `UsageError` with one line naming the file and the problem: it is
 * missing, unreadable, not JSON, or not a `reaper-report/2` (or `/1`) report. A `/1` report comes
 * back converted to `/2`.
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

/**
 * `reaper report <file...> [--format F] [--output FILE] [--fail-on-leak]`. Resolves to the exit
 * status: with `--fail-on-leak`, 1 when something leaked, 4 when the merged report was skipped
 * (nothing was checked); else 0.
 */
export function reportCommand(args: readonly string[], io: Io): number {
  const command = 'reaper report';
  const parsed = parseArgs(
    command,
    args,
    [
      { name: '--format', value: true },
      { name: '--output', value: true },
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
  const output = parsed.flags.get('--output');
  const rendering = render(merged, format as Format);
  if (typeof output === 'string') writeOutput(output, rendering, io.cwd, command);
  else io.stdout(rendering);
  if (!parsed.flags.has('--fail-on-leak')) return EXIT.ok;
  if (merged.status === 'skipped') {
    io.stderr(`${command}: ${formatSummary(merged)} (--fail-on-leak)\n`);
    return EXIT.notChecked;
  }
  return merged.entries.some((e) => hasLeaks(e)) ? EXIT.leakInReport : EXIT.ok;
}

/** Writes the rendering to `--output FILE` (its directory created); a failure is a one-line usage error. */
function writeOutput(file: string, text: string, cwd: string, command: string): void {
  const target = resolve(cwd, file);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new UsageError(`${command}: --output ${file}: cannot be written (${code ?? message})`);
  }
}
