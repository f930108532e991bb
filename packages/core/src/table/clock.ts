import { wallNow } from '../wall-clock.js';
import { readKeptProcFile } from './kept-file.js';

/** USER_HZ: the unit of `/proc/<pid>/stat`'s start time, 100 on every Linux architecture Node supports. */
const TICKS_PER_SECOND = 100;
const MS_PER_TICK = 1000 / TICKS_PER_SECOND;

/** Where the boot lies on reaper's clock (`wallNow`), epoch ms: after `low`, before `high`. */
interface BootWindow {
  low: number;
  high: number;
}

const windows = new Map<string, BootWindow>();

/** `/proc/uptime`: seconds since boot and idle seconds. */
const UPTIME = /^\d+(\.\d+)? \d+(\.\d+)?\n?$/;

/**
 * Reads `/proc/uptime` (seconds since boot, truncated to 10 ms), in ms; undefined when it cannot be
 * read. Each read also calibrates the boot time against reaper's clock: read at some moment between
 * `before` and `after` (whole ms, floored), it puts the boot after `before − uptime − 10 ms` and
 * before `after + 1 ms − uptime`. Reads narrow that window; one that no longer meets it (the
 * machine's clock was stepped: suspend moves the clock and the uptime alike) starts it anew.
 */
export function readUptimeMs(procRoot = '/proc'): number | undefined {
  const before = wallNow();
  const text = readKeptProcFile(`${procRoot}/uptime`, UPTIME);
  const after = wallNow();
  const seconds = Number.parseFloat(text ?? '');
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  // Two decimals: whole ms once rounded.
  const uptime = Math.round(seconds * 1000);
  const low = before - uptime - MS_PER_TICK;
  const high = after + 1 - uptime;
  const known = windows.get(procRoot);
  const overlaps = known !== undefined && known.low < high && low < known.high;
  windows.set(
    procRoot,
    overlaps ? { low: Math.max(known.low, low), high: Math.min(known.high, high) } : { low, high },
  );
  return uptime;
}

/**
 * When the machine booted, epoch ms on reaper's clock; 0 when `/proc/uptime` cannot be read. The
 * earliest the boot can have been: a start time derived from it is never after the true one. With
 * `read` false, the boot time known is taken as it is when there is one (no read).
 */
export function bootTimeMs(procRoot = '/proc', read = true): number {
  const known = windows.get(procRoot);
  if (!read && known) return Math.max(0, known.low);
  if (readUptimeMs(procRoot) === undefined) return 0;
  return Math.max(0, windows.get(procRoot)?.low ?? 0);
}

/**
 * A Linux start time (clock ticks since boot, `/proc/<pid>/stat` field 22) as epoch ms on reaper's
 * clock; 0 when unknown. Ticks are truncated and the boot is its earliest, so it is never after the
 * true start, and never after now (`wallNow`) whatever the clocks did: a report's start time is
 * never later than its end.
 */
export function linuxStartTimeToEpochMs(startTime: number, procRoot = '/proc', read = true): number {
  const boot = bootTimeMs(procRoot, read);
  if (boot <= 0 || !Number.isFinite(startTime) || startTime < 0) return 0;
  return Math.min(boot + Math.floor(startTime * MS_PER_TICK), wallNow());
}

/** `/proc/uptime` in clock ticks (floored), calibrating the boot time as it reads; 0 when unreadable. */
export function readUptimeTicks(procRoot = '/proc'): number {
  return Math.floor((readUptimeMs(procRoot) ?? 0) / MS_PER_TICK);
}
