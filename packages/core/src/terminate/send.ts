import type { LadderSignal } from '../report/types.js';
import type { ProcessTable } from '../table/types.js';
import { signalIfSame } from './signal.js';
import type { TargetState } from './target-state.js';

/**
 * Sends one rung of the ladder to a target that is still open. Zombies are never signalled (ending
 * their non-reaping parent ends them). A target found gone ends now; one reaper may not signal
 * (EPERM) ends now as denied: waiting could not change that. A stopped process is continued after
 * SIGTERM, so it can act on it.
 */
export function sendSignal(
  state: TargetState,
  signal: LadderSignal,
  table: ProcessTable,
  elapsedMs: () => number,
): void {
  if (state.end || state.target.kind === 'zombie') return;
  const { pid, startTime } = state.target;
  const sent = signalIfSame(table, pid, startTime, signal);
  if (sent.result === 'sent') {
    state.signal = signal;
    if (signal === 'SIGTERM' && sent.state === 'stopped') signalIfSame(table, pid, startTime, 'SIGCONT');
    return;
  }
  state.end = sent.result;
  state.elapsedMs = elapsedMs();
}
