import { existsSync, readdirSync } from 'node:fs';
import { monotonicNow } from '../wall-clock.js';
import { linuxStartTimeToEpochMs, readUptimeTicks } from './clock.js';
import { readKeptProcFile } from './kept-file.js';
import { readProcFile } from './proc-file.js';
import { stateOf } from './state.js';
import { COOKIE_VAR, type ProcessStat, type ProcessTable, type TableMark } from './types.js';

export interface LinuxTableSettings {
  /** Where procfs is mounted. @default '/proc' */
  procRoot?: string;
  /**
   * How `listSince` finds new processes: `probe` looks up each pid allocated since the mark,
   * `readdir` lists `/proc`; `auto` picks the cheaper. @default 'auto'
   */
  scan?: 'auto' | 'probe' | 'readdir';
}

/**
 * Linux: reads `/proc` directly and spawns nothing. Races (a process vanishing mid-read: ENOENT,
 * ESRCH, EACCES, or an empty read) are skipped, never thrown.
 */
export function createLinuxTable(settings: LinuxTableSettings = {}): ProcessTable {
  const procRoot = settings.procRoot ?? '/proc';
  const scan = settings.scan ?? 'auto';
  const stat = (pid: number) => {
    const text = readProcFile(`${procRoot}/${pid}/stat`, true);
    return text ? parseStat(text) : undefined;
  };
  // When `startedAtMs` last read the uptime: a teardown describes many processes at once, and one
  // read places the boot for all of them (each read costs about as much as a process's stat).
  let bootReadAt = Number.NEGATIVE_INFINITY;
  return {
    stat,
    argv(pid) {
      // Written whole too (the kernel fixes the range before it copies); an environment is read
      // to its end, always: a cookie must never be missed.
      const text = readProcFile(`${procRoot}/${pid}/cmdline`, true);
      return text ? splitNul(Buffer.from(text, 'latin1').toString('utf8')) : [];
    },
    cookie(pid) {
      const text = readProcFile(`${procRoot}/${pid}/environ`);
      return text ? parseCookie(text) : undefined;
    },
    startedAtMs(startTime) {
      const now = monotonicNow();
      const read = now - bootReadAt > BOOT_READ_EVERY_MS;
      if (read) bootReadAt = now;
      return linuxStartTimeToEpochMs(startTime, procRoot, read);
    },
    mark() {
      // Two ticks of slack: start times are coarse, and a false candidate is filtered by ownership.
      // Reading the uptime also calibrates the boot time that start times are told from.
      return {
        lastPid: readLoadavg(procRoot).lastPid,
        startTime: Math.max(0, readUptimeTicks(procRoot) - 2),
      };
    },
    listAll() {
      const out = new Map<number, ProcessStat>();
      for (const pid of listPids(procRoot)) {
        const s = stat(pid);
        if (s) out.set(pid, s);
      }
      return out;
    },
    listSince: (mark) => listSince(procRoot, scan, mark, stat),
  };
}

/** How long a boot time read for a start time serves the next ones (`startedAtMs`). */
const BOOT_READ_EVERY_MS = 100;

/** `/proc/loadavg`: three load averages, running/total tasks, the last pid allocated. */
const LOADAVG = /^[\d.]+ [\d.]+ [\d.]+ \d+\/\d+ \d+\n?$/;

/** The last pid allocated in this pid namespace, and the number of tasks (threads) on the machine. */
function readLoadavg(procRoot: string): { lastPid: number; tasks: number } {
  const fields = (readKeptProcFile(`${procRoot}/loadavg`, LOADAVG) ?? '').trim().split(/\s+/);
  const last = Number(fields[4]);
  const tasks = Number((fields[3] ?? '').split('/')[1]);
  return { lastPid: Number.isSafeInteger(last) ? last : 0, tasks: Number.isSafeInteger(tasks) ? tasks : 0 };
}

function readPidMax(procRoot: string): number {
  return Number(readProcFile(`${procRoot}/sys/kernel/pid_max`) ?? '') || 4_194_304;
}

/** The numeric entries of `/proc`: processes (threads are not listed, only reachable by id). */
function listPids(procRoot: string): number[] {
  const out: number[] = [];
  let names: string[];
  try {
    names = readdirSync(procRoot);
  } catch {
    return out;
  }
  for (const name of names) {
    const code = name.charCodeAt(0);
    if (code >= 48 && code <= 57) out.push(Number(name));
  }
  return out;
}

function listSince(
  procRoot: string,
  scan: NonNullable<LinuxTableSettings['scan']>,
  mark: TableMark,
  stat: (pid: number) => ReturnType<typeof parseStat>,
): Map<number, ProcessStat> {
  const out = new Map<number, ProcessStat>();
  const consider = (pid: number, listed: boolean) => {
    if (!listed && !existsSync(`${procRoot}/${pid}`)) return;
    const s = stat(pid);
    // A thread id also has a /proc entry (unlisted); only a thread has exit_signal -1. Kernel
    // threads (kworkers come and go) are never anyone's.
    if (!s || s.startTime < mark.startTime || (!listed && s.thread) || s.kernel) return;
    const { thread: _thread, kernel: _kernel, ...rest } = s;
    out.set(pid, rest);
  };
  const first = readLoadavg(procRoot);
  let last = first.lastPid;
  scanRange(procRoot, scan, mark.lastPid, last, first.tasks, consider);
  // A process may fork between the read of the last pid and the read of its own stat: a parent
  // seen exited (a zombie, `setsid`'s, say) forked just before it exited, after the range was
  // read. The pids allocated meanwhile are read too, until the counter holds still (bounded).
  for (let round = 0; round < MAX_EXTRA_ROUNDS; round++) {
    const now = readLoadavg(procRoot);
    if (now.lastPid === last) break;
    scanRange(procRoot, scan, last, now.lastPid, now.tasks, consider);
    last = now.lastPid;
  }
  return out;
}

/** How many times `listSince` reads the pids allocated while it read (each round a few µs). */
const MAX_EXTRA_ROUNDS = 8;

/**
 * Calls `consider` for every process whose pid was allocated in (`from`, `to`]. Pids are allocated
 * in increasing order and wrap at pid_max: after a wrap the range is (from, pid_max] ∪ [1, to], and
 * the start time drops old processes that still hold high pids.
 */
function scanRange(
  procRoot: string,
  scan: NonNullable<LinuxTableSettings['scan']>,
  from: number,
  to: number,
  tasks: number,
  consider: (pid: number, listed: boolean) => void,
): void {
  const wrapped = to < from;
  const pidMax = wrapped ? readPidMax(procRoot) : 0;
  const size = wrapped ? pidMax - from + to : to - from;
  // Looking up a pid that is not there costs about as much as twelve entries of a /proc listing.
  const probe = scan === 'probe' || (scan === 'auto' && size * 12 <= tasks + 100);
  if (!probe) {
    for (const pid of listPids(procRoot)) {
      const inRange = wrapped ? pid > from || pid <= to : pid > from && pid <= to;
      if (inRange) consider(pid, true);
    }
    return;
  }
  if (wrapped) {
    for (let pid = from + 1; pid <= pidMax; pid++) consider(pid, false);
    for (let pid = 1; pid <= to; pid++) consider(pid, false);
  } else {
    for (let pid = from + 1; pid <= to; pid++) consider(pid, false);
  }
}

/**
 * Parses `/proc/<pid>/stat`. `comm` may contain spaces and parentheses: it ends at the last `)`.
 * `thread` is true for a non-leader thread's entry (its exit_signal is -1), `kernel` for a kernel
 * thread.
 */
export function parseStat(text: string): (ProcessStat & { thread: boolean; kernel: boolean }) | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 of proc(5) (state); starttime is field 22, exit_signal field 38.
  const startTime = Number(fields[19]);
  if (!Number.isSafeInteger(pid) || !Number.isFinite(startTime) || fields[19] === undefined) return undefined;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: stateOf(fields[0] ?? ''),
    ppid: Number(fields[1]),
    startTime,
    thread: fields[35] === '-1',
    // PF_KTHREAD in the flags (field 9).
    kernel: (Number(fields[6]) & 0x00200000) !== 0,
  };
}

function splitNul(text: string): string[] {
  const parts = text.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

const COOKIE_PREFIX = `${COOKIE_VAR}=`;

/** The tokens of `REAPER_COOKIE` in a NUL-separated environment block. */
export function parseCookie(environ: string): string[] {
  let at = environ.startsWith(COOKIE_PREFIX) ? 0 : environ.indexOf(`\0${COOKIE_PREFIX}`);
  if (at < 0) return [];
  if (at > 0) at += 1;
  const start = at + COOKIE_PREFIX.length;
  const end = environ.indexOf('\0', start);
  const value = environ.slice(start, end < 0 ? undefined : end);
  return value.split(' ').filter(Boolean);
}
