import { leaksOf } from './summary.js';
import { describeOutcome, describeScope, formatSummary } from './text.js';
import type { Report } from './types.js';

/**
 * GitHub Actions annotations, one `::error` line per leaked process (allowed ones are not leaks):
 * `::error file=<file>,line=<line>,col=<col>::<message>` at the process's spawn site, else at its
 * scope's file, else without a location; a skipped report opens with a `::warning` that nothing was
 * checked. Values are escaped as workflow commands require.
 */
export function formatGithub(report: Report): string {
  const lines: string[] = [];
  if (report.status === 'skipped') lines.push(`::warning::${data(formatSummary(report))}`);
  for (const u of report.unfinished ?? []) {
    const file = u.file === null ? '' : ` file=${property(u.file)}`;
    lines.push(`::warning${file}::${data(`reaper: not fully checked: ${u.reason}`)}`);
  }
  for (const entry of report.entries) {
    for (const p of leaksOf(entry)) {
      const site = p.spawnedAt === null ? undefined : parseSite(p.spawnedAt);
      const props: string[] = [];
      if (site) {
        props.push(`file=${property(site.file)}`, `line=${site.line}`, `col=${site.col}`);
      } else if (entry.file !== null) {
        props.push(`file=${property(entry.file)}`);
      }
      const message = `reaper: ${p.pid} ${p.command} (${p.kind}) outlived ${describeScope(entry)}: ${describeOutcome(p)}`;
      lines.push(`::error${props.length > 0 ? ` ${props.join(',')}` : ''}::${data(message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** `path/to/a.test.ts:12:5` → its parts; undefined when it is not `file:line:col`. */
function parseSite(site: string): { file: string; line: number; col: number } | undefined {
  const match = /^(.+):(\d+):(\d+)$/.exec(site);
  return match ? { file: match[1]!, line: Number(match[2]), col: Number(match[3]) } : undefined;
}

/** Escaping of a workflow command's message. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property value. */
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
