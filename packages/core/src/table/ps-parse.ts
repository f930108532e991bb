import { stateOf } from './state.js';
import { COOKIE_VAR, type ProcessState } from './types.js';

/** One row of a `ps` listing. */
export interface PsRow {
  pid: number;
  ppid: number;
  state: ProcessState;
  /** Start time from `lstart`, in whole seconds since the epoch (UTC: `ps` runs with `TZ=UTC0`). */
  startSecond: number;
  comm: string;
  /** The command line as `ps` prints it: argv joined by spaces. */
  args: string;
}

/** The header names given to the two text columns, so their offsets can be found. */
export const COMM_HEADER = 'COMM';
export const ARGS_HEADER = 'ARGS';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// pid, ppid, stat, then lstart in the C locale: `Sat Nov 28 04:25:26 2026` (the day may be padded).
const ROW =
  /^\s*(\d+)\s+(\d+)\s+(\S+)\s+[A-Z][a-z]{2}\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})/;

/**
 * Parses the output of `ps -A -ww -o pid,ppid,stat,lstart -o comm=COMM -o args=ARGS`, header
 * included. comm may hold spaces: it ends where the ARGS column begins, found from the header
 * (text columns are left-justified), measured from comm's own start so that a wide number earlier
 * in the row does not shift it. A row that does not parse (a process gone mid-listing) is skipped.
 */
export function parsePsListing(text: string): PsRow[] {
  const lines = text.split('\n');
  const header = lines[0] ?? '';
  const commAt = header.search(new RegExp(`\\b${COMM_HEADER}\\b`));
  const argsAt = header.search(new RegExp(`\\b${ARGS_HEADER}\\b`));
  const commWidth = commAt >= 0 && argsAt > commAt ? argsAt - commAt : undefined;
  const rows: PsRow[] = [];
  for (const line of lines.slice(1)) {
    const row = parsePsRow(line, commWidth);
    if (row) rows.push(row);
  }
  return rows;
}

function parsePsRow(line: string, commWidth: number | undefined): PsRow | undefined {
  const match = ROW.exec(line);
  if (!match) return undefined;
  const [, pid, ppid, stat, month, day, hours, minutes, seconds, year] = match;
  const monthIndex = MONTHS.indexOf(month!);
  if (monthIndex < 0) return undefined;
  const startMs = Date.UTC(
    Number(year),
    monthIndex,
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds),
  );
  const rest = line.slice(match[0].length).replace(/^ /, '');
  const { comm, args } = splitCommand(rest, commWidth);
  return {
    pid: Number(pid),
    ppid: Number(ppid),
    state: stateOf(stat!),
    startSecond: startMs / 1000,
    comm,
    args,
  };
}

/** Splits `comm  args` at the ARGS column; at the first space when comm overflowed its column. */
function splitCommand(rest: string, commWidth: number | undefined): { comm: string; args: string } {
  const start = rest.length - rest.trimStart().length;
  const end = commWidth === undefined ? -1 : start + commWidth;
  if (end > 0 && (rest.length <= end || rest[end - 1] === ' ')) {
    return { comm: rest.slice(start, end).trimEnd(), args: rest.slice(end).trimEnd() };
  }
  const text = rest.trim();
  const space = text.indexOf(' ');
  return space < 0
    ? { comm: text, args: '' }
    : { comm: text.slice(0, space), args: text.slice(space + 1).trim() };
}

/**
 * The argv `ps` shows for a row, split at spaces (`ps` joins arguments with spaces, so an argument
 * that holds one reads as two; the joined command line is the same). Empty for a zombie and for a
 * process whose arguments could not be read, which procps prints as `[comm]`.
 */
export function argvOfRow(row: PsRow): string[] {
  if (row.state === 'zombie' || row.args === '' || row.args === `[${row.comm}]`) return [];
  return row.args.split(' ').filter(Boolean);
}

/**
 * Parses the output of `ps -ww e -o pid= -o args=` (`-E` on macOS, `-e` on the BSDs): each line is
 * the pid, the command line, then the environment, all space-separated. Returns the text after each
 * process's pid.
 */
export function parsePsEnvironments(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+) ?(.*)$/.exec(line);
    if (match) out.set(Number(match[1]), match[2]!.trimEnd());
  }
  return out;
}

/**
 * The environment part of `withEnvironment` (the command line and the environment, as `ps e`
 * prints them) given the command line alone. Undefined when it does not start with that command
 * line (the process exec'd between the two reads) or when no environment follows (it could not be
 * read, or was cleared).
 */
export function environmentAfter(withEnvironment: string, args: string): string | undefined {
  if (withEnvironment !== args && !withEnvironment.startsWith(`${args} `)) return undefined;
  const environment = withEnvironment.slice(args.length).trim();
  return environment === '' ? undefined : environment;
}

/** A token reaper hands out: `<12 hex>:<n>:<n>` for a spawn, `run-<hex>` for a run. */
const TOKEN = /^(?:[0-9a-f]{12}:\d+:\d+|run-[0-9a-f]+)$/;

/**
 * The tokens of `REAPER_COOKIE` in a space-separated environment, where a value may itself hold
 * spaces and `=`: the last `REAPER_COOKIE=` that starts a word begins the value, and its tokens run
 * while words have a token's shape. The last, because the environment follows the command line
 * and a command line may mention the variable.
 */
export function parseSpacedCookie(environment: string): string[] {
  const prefix = `${COOKIE_VAR}=`;
  let at = environment.lastIndexOf(` ${prefix}`);
  if (at >= 0) at += 1;
  else if (environment.startsWith(prefix)) at = 0;
  else return [];
  const tokens: string[] = [];
  for (const word of environment.slice(at + prefix.length).split(' ')) {
    if (!TOKEN.test(word)) break;
    tokens.push(word);
  }
  return tokens;
}
