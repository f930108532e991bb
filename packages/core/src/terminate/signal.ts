import type { ProcessTable } from '../table/types.js';

export type SendResult = 'sent' | 'gone' | 'denied';

/**
 * Sends `signal` to `pid` only if it is still the process that started at `startTime`: a pid that
 * was reused by another process is never signalled.
 */
export function signalIfSame(
  table: ProcessTable,
  pid: number,
  startTime: number,
  signal: NodeJS.Signals,
): SendResult {
  const now = table.stat(pid);
  if (!now || now.startTime !== startTime) return 'gone';
  try {
    process.kill(pid, signal);
    return 'sent';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'gone' : 'denied';
  }
}
