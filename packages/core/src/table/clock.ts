import { wallNow } from '../wall-clock.js';
import { readProcFile } from './proc-file.js';

/** USER_HZ: the unit of `/proc/<pid>/stat`'s start time, 100 on every Linux architecture Node supports. */
const TICKS_PER_SECOND = 100;

const bootTimes = new Map<string, number>();

/**
 * When the machine booted, epoch ms; 0 when `/proc/stat` cannot be read. `btime` there is whole
 * seconds; the fraction comes from `/proc/uptime` (10 ms resolution), kept within that second.
 * Read once per procfs root.
 */
export function bootTimeMs(procRoot = '/proc'): number {
  const known = bootTimes.get(procRoot);
  if (known !== undefined) return known;
  const btime = Number(/^btime (\d+)$/m.exec(readProcFile(`${procRoot}/stat`) ?? '')?.[1]);
  if (!Number.isSafeInteger(btime) || btime <= 0) return 0;
  const uptimeSeconds = Number.parseFloat(readProcFile(`${procRoot}/uptime`) ?? '');
  const fraction = Number.isFinite(uptimeSeconds) ? wallNow() - uptimeSeconds * 1000 - btime * 1000 : 0;
  const boot = btime * 1000 + Math.round(Math.min(999, Math.max(0, fraction)));
  bootTimes.set(procRoot, boot);
  return boot;
}

/** A Linux start time (clock ticks since boot, `/proc/<pid>/stat` field 22) as epoch ms; 0 when unknown. */
export function linuxStartTimeToEpochMs(startTime: number, procRoot = '/proc'): number {
  const boot = bootTimeMs(procRoot);
  return boot > 0 ? boot + Math.round((startTime * 1000) / TICKS_PER_SECOND) : 0;
}
