import type { LadderSignal } from '../report/types.js';
import type { ProcessTable } from '../table/types.js';
import type { Pidfds } from './pidfd.js';
import { signalIfSame } from './signal.js';
import type { TargetState } from './target-state.js';

/**
 * Sends one rung of the ladder to a target that is still open. Zombies are never signalled (ending
 * their non-reaping parent ends them). A target found gone ends now; one reaper may not signal
 * (EPERM) ends now as denied: waiting could not change that. A stopped process is continued after
 * SIGTERM, so it can act on it. A target with a pidfd is signalled through it, with no check first:
 * the pidfd can name no other process.
 */
export function sendSignal(
  state: TargetState,
  signal: LadderSignal,
  table: ProcessTable,
  elapsedMs: () => number,
  pidfds: Pidfds | null = null,
): void {
  if (state.end || state.target.kind === 'zombie') return;
  if (state.pidfd !== undefined && pidfds) {
    const result = pidfds.signal(state.pidfd, signal);
    if (result === 'sent') {
      state.signal = signal;
      if (signal === 'SIGTERM' && state.stopped) pidfds.signal(state.pidfd, 'SIGCONT');
      return;
    }
    state.end = result;
    state.elapsedMs = elapsedMs();
    return;
  }
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
