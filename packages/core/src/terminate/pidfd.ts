import { readSwitches } from '../options.js';
import type { ProcessState, ProcessTable } from '../table/types.js';
import { loadFfi } from './ffi.js';
import type { SendResult } from './signal.js';

/**
 * The ladder's targets by pidfd (Linux 5.3 and later, with koffi): a descriptor opened once per
 * target names that one process for good, so signals need no start-time check before each, and a
 * wait ends the moment a target exits (`poll(2)` off the main thread) instead of at the next look
 * at /proc. `REAPER_PIDFD=0` turns them off; without them the ladder signals by pid and polls.
 */
export interface Pidfds {
  /**
   * A pidfd for the process `pid` that started at `startTime`, and its state read just after it
   * was opened; undefined when there is none to be had (gone, its pid reused, or no pidfds).
   */
  open(table: ProcessTable, pid: number, startTime: number): { fd: number; state: ProcessState } | undefined;
  signal(fd: number, signal: NodeJS.Signals): SendResult;
  /** Up to `timeoutMs` for any of `fds` to exit: those that did; undefined when the wait failed. */
  exited(fds: readonly number[], timeoutMs: number): Promise<Set<number> | undefined>;
  close(fd: number): void;
}

/** pidfds, when the switch allows them, koffi loads and the kernel has them; null otherwise. */
export function usePidfds(): Pidfds | null {
  if (process.platform !== 'linux' || !readSwitches().pidfd) return null;
  const ffi = loadFfi();
  if (!ffi) return null;
  return {
    open(table, pid, startTime) {
      const fd = ffi.pidfdOpen(pid);
      if (fd < 0) return undefined;
      // Read after opening: if the process is still the one that started then, the pidfd is it.
      const now = table.stat(pid);
      if (now?.startTime === startTime) return { fd, state: now.state };
      ffi.close(fd);
      return undefined;
    },
    signal: (fd, signal) => ffi.pidfdSignal(fd, signal),
    exited: (fds, timeoutMs) => ffi.exited(fds, timeoutMs),
    close: (fd) => ffi.close(fd),
  };
}
