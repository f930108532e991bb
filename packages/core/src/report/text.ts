import { inTestNote } from './in-test.js';
import { leaksOf } from './summary.js';
import type { EscapeReason, LeakedProcess, Report, ScopeResult } from './types.js';

const MAX_COMMAND = 80;

/** `test "server > starts"`, `suite "server"`, `file test/a.test.ts`, `the run`. */
export function describeScope(result: Pick<ScopeResult, 'scope' | 'file' | 'test'>): string {
  switch (result.scope) {
    case 'test':
      return `test "${result.test ?? '?'}"`;
    case 'suite':
      return `suite "${result.test ?? '?'}"`;
    case 'file':
      return `file ${result.file ?? '?'}`;
    case 'run':
      return 'the run';
  }
}

/** `reaper: 2 processes outlived test "server > starts and stops"`. */
export function formatHeadline(result: ScopeResult): string {
  return `reaper: ${plural(leaksOf(result).length, 'process')} outlived ${describeScope(result)}`;
}

/**
 * `terminated by SIGTERM in 3 ms`, `exited by itself in 2 ms`, `ESCAPED (timeout): still alive
 * 1000 ms after SIGKILL`, `ESCAPED (denied): not permitted to signal it`.
 */
export function describeOutcome(p: LeakedProcess): string {
  switch (p.outcome) {
    case 'terminated':
      return `terminated by SIGTERM in ${p.elapsedMs} ms`;
    case 'killed':
      return `killed by SIGKILL in ${p.elapsedMs} ms`;
    case 'reaped':
      return `reaped in ${p.elapsedMs} ms`;
    case 'exited':
      return `exited by itself in ${p.elapsedMs} ms`;
    case 'escaped':
      return p.reason === 'denied'
        ? 'ESCAPED (denied): not permitted to signal it'
        : `ESCAPED (timeout): still alive ${p.elapsedMs} ms after ${p.signal ?? 'teardown began'}`;
    case 'allowed':
      return 'allowed to outlive its scope';
  }
}

/** `listening on :3000, :8125, ` or nothing. */
function describePorts(p: LeakedProcess): string {
  return p.listening.length > 0 ? `listening on ${p.listening.map((port) => `:${port}`).join(', ')}, ` : '';
}

/**
 * `, spawned at test/start-server.js:6:17 via test/server.test.js:22:5`, or nothing; `inTest` (see
 * in-test.ts) follows it: `, spawned in test "a" (test/a.test.js:3)` when the site is unknown.
 */
function describeSite(p: LeakedProcess, inTest = ''): string {
  if (!p.spawnedAt) return inTest ? `, spawned${inTest}` : '';
  return `, spawned at ${p.spawnedAt}${p.calledFrom ? ` via ${p.calledFrom}` : ''}${inTest}`;
}

function shorten(command: string): string {
  const oneLine = command.replace(/\s+/g, ' ');
  return oneLine.length > MAX_COMMAND ? `${oneLine.slice(0, MAX_COMMAND - 1)}…` : oneLine;
}

/**
 * The leaked processes as a tree (by ppid among them), one line each: pid, command, kind, the
 * ports it listened on, outcome and time, and where each root was spawned (and from which line of
 * the test, when that was in a helper).
 */
export function formatTree(leaked: readonly LeakedProcess[], indent = '  '): string {
  return drawTree(leaked, indent, () => '');
}

function drawTree(
  leaked: readonly LeakedProcess[],
  indent: string,
  inTest: (p: LeakedProcess) => string,
): string {
  const pids = new Set(leaked.map((p) => p.pid));
  const children = new Map<number, LeakedProcess[]>();
  const roots: LeakedProcess[] = [];
  for (const p of leaked) {
    if (pids.has(p.ppid) && p.ppid !== p.pid) {
      const list = children.get(p.ppid) ?? [];
      list.push(p);
      children.set(p.ppid, list);
    } else {
      roots.push(p);
    }
  }
  const lines: string[] = [];
  const draw = (p: LeakedProcess, prefix: string, last: boolean, root: boolean) => {
    const branch = last ? '└─ ' : '├─ ';
    const site = root ? describeSite(p, inTest(p)) : '';
    lines.push(
      `${indent}${prefix}${branch}${p.pid} ${shorten(p.command)}  (${p.kind}) ${describePorts(p)}${describeOutcome(p)}${site}`,
    );
    const kids = children.get(p.pid) ?? [];
    for (const [i, kid] of kids.entries()) {
      draw(kid, prefix + (last ? '   ' : '│  '), i === kids.length - 1, false);
    }
  };
  for (const [i, p] of roots.entries()) draw(p, '', i === roots.length - 1, true);
  return lines.join('\n');
}

/**
 * The failure message of a scope: the headline, the file, the tree. Empty when nothing leaked.
 * `declaredAt` (`test/x.test.js:12`, where the runner knows the test's declaration) is named on a
 * process whose spawn site has no frame in the test file.
 */
export function formatResult(result: ScopeResult, declaredAt?: string | null): string {
  if (result.leaked.length === 0) return '';
  const leaks = leaksOf(result);
  const lines: string[] = [];
  if (leaks.length > 0) lines.push(formatHeadline(result));
  else
    lines.push(
      `reaper: ${plural(result.leaked.length, 'allowed process')} outlived ${describeScope(result)}`,
    );
  if (result.file && result.scope !== 'file') lines.push(`  in ${result.file}`);
  lines.push(drawTree(result.leaked, '  ', inTestNote(result, declaredAt)));
  const escaped = (reason: EscapeReason) =>
    leaks.filter((p) => p.outcome === 'escaped' && p.reason === reason).length;
  const verb = (n: number) => (n === 1 ? 'is' : 'are');
  const timedOut = escaped('timeout');
  if (timedOut > 0) {
    lines.push(
      `  ${plural(timedOut, 'process')} survived SIGKILL and ${verb(timedOut)} still running: see docs/limits.md.`,
    );
  }
  const denied = escaped('denied');
  if (denied > 0) {
    lines.push(
      `  ${plural(denied, 'process')} ${verb(denied)} still running: reaper was not permitted to signal ${denied === 1 ? 'it' : 'them'} (see docs/limits.md).`,
    );
  }
  return lines.join('\n');
}

/** `1 process`, `2 processes`. */
export function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : noun.endsWith('s') ? `${noun}es` : `${noun}s`}`;
}

/**
 * The end-of-run line: `reaper: 3 tests leaked 5 processes — all reaped`, `… — 1 escaped`,
 * `reaper: no leaked processes (12 scopes spawned 30)`, or for a report that was not checked
 * `reaper: skipped — <reason>; nothing was checked`. Given only entries, the run was checked.
 */
export function formatSummary(report: Report | readonly ScopeResult[]): string {
  const unfinished = isEntries(report) ? undefined : formatUnfinished(report);
  const line = formatSummaryLine(report);
  return unfinished ? `${line}\n${unfinished}` : line;
}

/**
 * `reaper: 2 test files were not fully checked — their process ended before reaper's checks of
 * them ran: test/a.test.js, test/b.test.js`; undefined when every file was.
 */
export function formatUnfinished(report: Report): string | undefined {
  const unfinished = report.unfinished ?? [];
  if (unfinished.length === 0) return undefined;
  const names = unfinished.map((u) => `${u.file ?? 'the run'} (${u.reason})`).join(', ');
  const one = unfinished.length === 1;
  return `reaper: ${plural(unfinished.length, 'test file')} ${one ? 'was' : 'were'} not fully checked: ${names}`;
}

function formatSummaryLine(report: Report | readonly ScopeResult[]): string {
  if (!isEntries(report) && report.status === 'skipped') {
    return `reaper: skipped — ${report.skipReason}; nothing was checked`;
  }
  const entries = isEntries(report) ? report : report.entries;
  const leaky = entries.filter((e) => leaksOf(e).length > 0);
  const spawned = entries.reduce((n, e) => n + e.spawned.length, 0);
  if (leaky.length === 0) {
    return `reaper: no leaked processes (${plural(entries.length, 'scope')} spawned ${spawned})`;
  }
  const processes = leaky.reduce((n, e) => n + leaksOf(e).length, 0);
  const escaped = leaky.reduce((n, e) => n + e.leaked.filter((p) => p.outcome === 'escaped').length, 0);
  const count = (kind: ScopeResult['scope']) => leaky.filter((e) => e.scope === kind).length;
  const who = [
    count('test') > 0 ? plural(count('test'), 'test') : '',
    count('suite') > 0 ? plural(count('suite'), 'suite') : '',
    count('file') > 0 ? plural(count('file'), 'file') : '',
    count('run') > 0 ? 'the run' : '',
  ]
    .filter(Boolean)
    .join(', ')
    .replace(/, ([^,]*)$/, ' and $1');
  return `reaper: ${who} leaked ${plural(processes, 'process')} — ${escaped === 0 ? 'all reaped' : `${escaped} escaped`}`;
}

function isEntries(value: Report | readonly ScopeResult[]): value is readonly ScopeResult[] {
  return Array.isArray(value);
}
