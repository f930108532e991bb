import type { LadderSignal } from '../report/types.js';
import type { ProcessTable } from '../table/types.js';
import type { Pidfds } from './pidfd.js';
import { signalIfSame } from './signal.js';
import type { TargetState } from './target-state.js';

/**
 * The bench's probe (internal, undocumented for users): a function stored on `globalThis` under
 * this key is called with each signal just before it is sent, so `bench/run.mjs` can time the part
 * of a teardown before the first signal and the part after it. Nobody sets it otherwise: one
 * property read per signal.
 */
const SIGNAL_PROBE = Symbol.for('reaper.bench.signal');

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
  (globalThis as { [SIGNAL_PROBE]?: (signal: LadderSignal) => void })[SIGNAL_PROBE]?.(signal);
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
