import { leaksOf } from './summary.js';
import { describeScope, formatHeadline, formatResult, formatSummary } from './text.js';
import type { Report } from './types.js';

/**
 * JUnit XML: one `<testsuite name="reaper">` with a `<testcase>` per scope that left processes
 * behind (allowed ones do not count), each failing with the scope's tree; a skipped report adds one
 * skipped `<testcase>` saying nothing was checked and why; each file that was not fully checked
 * (`unfinished`) an `<error>`.
 */
export function formatJunit(report: Report): string {
  const leaking = report.entries.filter((e) => leaksOf(e).length > 0);
  const n = leaking.length;
  const skipped = report.status === 'skipped' ? 1 : 0;
  const unfinished = report.unfinished ?? [];
  const errors = unfinished.length;
  const counts = `tests="${n + skipped + errors}" failures="${n}" errors="${errors}" skipped="${skipped}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="reaper" ${counts}>`,
    `  <testsuite name="reaper" ${counts}>`,
  ];
  // A file whose process ended before its checks ran: an error, not a pass.
  for (const u of unfinished) {
    const file = u.file === null ? '' : ` file="${attr(u.file)}"`;
    lines.push(
      `    <testcase classname="${attr(u.file ?? 'run')}" name="not fully checked"${file}>`,
      `      <error type="reaper.unfinished" message="${attr(u.reason)}"/>`,
      '    </testcase>',
    );
  }
  if (report.status === 'skipped') {
    lines.push(
      '    <testcase classname="reaper" name="the run">',
      `      <skipped message="${attr(formatSummary(report))}"/>`,
      '    </testcase>',
    );
  }
  for (const entry of leaking) {
    const classname = entry.file ?? entry.scope;
    const file = entry.file === null ? '' : ` file="${attr(entry.file)}"`;
    lines.push(
      `    <testcase classname="${attr(classname)}" name="${attr(describeScope(entry))}"${file}>`,
      `      <failure type="reaper.leak" message="${attr(formatHeadline(entry))}">${xml(formatResult(entry))}</failure>`,
      '    </testcase>',
    );
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** Text safe in XML content: the special characters escaped, characters XML 1.0 cannot hold dropped. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Text safe in an attribute value: as `xml`, with line breaks and tabs kept as character references. */
function attr(text: string): string {
  return xml(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
