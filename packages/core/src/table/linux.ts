import { readdirSync, readFileSync } from 'node:fs';
import {
  COOKIE_VAR,
  type ProcessInfo,
  type ProcessStat,
  type ProcessState,
  type ProcessTable,
} from './types.js';

/**
 * Linux: reads `/proc` directly and spawns nothing. Races (a process vanishing mid-read: ENOENT,
 * ESRCH, EACCES, or an empty read) are skipped, never thrown.
 */
export function createLinuxTable(procRoot = '/proc'): ProcessTable {
  function readText(path: string): string | undefined {
    try {
      return readFileSync(path, 'latin1');
    } catch {
      return undefined;
    }
  }

  function stat(pid: number): ProcessStat | undefined {
    const text = readText(`${procRoot}/${pid}/stat`);
    return text ? parseStat(text) : undefined;
  }

  function read(pid: number): ProcessInfo | undefined {
    const base = stat(pid);
    if (!base) return undefined;
    return withDetails(base);
  }

  function withDetails(base: ProcessStat): ProcessInfo {
    const cmdline = readText(`${procRoot}/${base.pid}/cmdline`);
    const argv = cmdline ? splitNul(Buffer.from(cmdline, 'latin1').toString('utf8')) : [];
    const environ = readText(`${procRoot}/${base.pid}/environ`);
    return { ...base, argv, cookie: environ ? parseCookie(environ) : [] };
  }

  function lastPid(): number {
    // The fifth field of loadavg is the pid most recently allocated in this pid namespace.
    const text = readText(`${procRoot}/loadavg`) ?? '';
    const last = Number(text.trim().split(/\s+/)[4]);
    return Number.isSafeInteger(last) ? last : 0;
  }

  function uptimeTicks(): number {
    const text = readText(`${procRoot}/uptime`) ?? '0';
    // USER_HZ is 100 on every Linux architecture Node supports.
    return Math.floor(Number.parseFloat(text) * 100);
  }

  function pids(): number[] {
    const out: number[] = [];
    for (const name of readdirSync(procRoot)) {
      const code = name.charCodeAt(0);
      if (code >= 48 && code <= 57) out.push(Number(name));
    }
    return out;
  }

  return {
    platform: 'linux',
    stat,
    read,
    mark() {
      // Two ticks of slack: start times are coarse, and a false candidate is filtered by ownership.
      return { lastPid: lastPid(), startTime: Math.max(0, uptimeTicks() - 2) };
    },
    listSince(mark) {
      const now = lastPid();
      const wrapped = now < mark.lastPid;
      const out = new Map<number, ProcessInfo>();
      for (const pid of pids()) {
        // Pids are allocated in increasing order and wrap at pid_max; this range holds every process
        // created since the mark, and the start time drops old processes with high pids after a wrap.
        const inRange = wrapped ? pid > mark.lastPid || pid <= now : pid > mark.lastPid;
        if (!inRange) continue;
        const base = stat(pid);
        if (!base || base.startTime < mark.startTime) continue;
        out.set(pid, withDetails(base));
      }
      return out;
    },
    listAll() {
      const out = new Map<number, ProcessInfo>();
      for (const pid of pids()) {
        const info = read(pid);
        if (info) out.set(pid, info);
      }
      return out;
    },
  };
}

const STATES: Record<string, ProcessState> = {
  R: 'running',
  S: 'sleeping',
  D: 'sleeping',
  I: 'sleeping',
  T: 'stopped',
  t: 'stopped',
  Z: 'zombie',
  X: 'zombie',
};

/** Parses `/proc/<pid>/stat`. `comm` may contain spaces and parentheses: it ends at the last `)`. */
export function parseStat(text: string): ProcessStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 of proc(5) (state); starttime is field 22.
  const startTime = Number(fields[19]);
  if (!Number.isSafeInteger(pid) || !Number.isFinite(startTime)) return undefined;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: STATES[fields[0] ?? ''] ?? 'other',
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    sid: Number(fields[3]),
    startTime,
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
