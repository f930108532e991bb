import { leaksOf } from './summary.js';
import { describeScope, formatResult, formatSummary } from './text.js';
import type { Report } from './types.js';

/**
 * A report as GitHub-flavoured Markdown, fit for `$GITHUB_STEP_SUMMARY`: the summary line (for a
 * skipped report, that nothing was checked and why), a table of the totals, a table of the scopes that left processes behind, and each one's tree in a code
 * block.
 */
export function formatMarkdown(report: Report): string {
  const { summary } = report;
  const [headline, ...notes] = formatSummary(report).split('\n');
  const lines: string[] = [
    `### ${escapeInline(headline!)}`,
    ...notes.map((note) => `\n**${escapeInline(note)}**`),
    '',
    '| scopes | leaked scopes | leaked processes | escaped | allowed |',
    '| -----: | ------------: | ---------------: | ------: | ------: |',
    `| ${summary.scopes} | ${summary.leakedScopes} | ${summary.leakedProcesses} | ${summary.escaped} | ${summary.allowed} |`,
  ];
  const shown = report.entries.filter((e) => e.leaked.length > 0);
  if (shown.length === 0) return `${lines.join('\n')}\n`;
  lines.push(
    '',
    '| scope | file | leaked | escaped | allowed |',
    '| ----- | ---- | -----: | ------: | ------: |',
  );
  for (const entry of shown) {
    const leaks = leaksOf(entry);
    const escaped = leaks.filter((p) => p.outcome === 'escaped').length;
    const allowed = entry.leaked.length - leaks.length;
    const file = entry.file === null ? '' : `\`${entry.file.replace(/[`\n]/g, ' ').replace(/\|/g, '\\|')}\``;
    lines.push(
      `| ${escapeInline(describeScope(entry))} | ${file} | ${leaks.length} | ${escaped} | ${allowed} |`,
    );
  }
  for (const entry of shown) {
    const tree = formatResult(entry);
    const fence = fenceFor(tree);
    lines.push('', `${fence}text`, tree, fence);
  }
  return `${lines.join('\n')}\n`;
}

/** Inline text (a heading, a table cell): one line, Markdown punctuation and `|` backslash-escaped. */
function escapeInline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/[\\`*_[\]<>|~]/g, '\\$&');
}

/** A backtick fence longer than any run of backticks in `text`. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}
