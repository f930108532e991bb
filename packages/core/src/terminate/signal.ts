import type { ProcessState, ProcessTable } from '../table/types.js';

export type SendResult = 'sent' | 'gone' | 'denied';

export interface Sent {
  result: SendResult;
  /** The state read just before signalling, when the process was still there. */
  state: ProcessState | undefined;
}

/**
 * Sends `signal` to `pid` only if it is still the process that started at `startTime`: a pid that
 * was reused by another process is never signalled.
 */
export function signalIfSame(
  table: ProcessTable,
  pid: number,
  startTime: number,
  signal: NodeJS.Signals,
): Sent {
  const now = table.stat(pid);
  if (!now || now.startTime !== startTime) return { result: 'gone', state: undefined };
  try {
    process.kill(pid, signal);
    return { result: 'sent', state: now.state };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { result: code === 'ESRCH' ? 'gone' : 'denied', state: now.state };
  }
}
