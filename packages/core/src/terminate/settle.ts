import type { ProcessStat, ProcessTable } from '../table/types.js';
import type { LadderTarget } from './ladder.js';
import { signalIfSame } from './signal.js';
import type { TargetState } from './target-state.js';

/**
 * Looks at every open target once: marks those that have ended since the last look, and continues
 * one that was stopped after SIGTERM reached it. Returns true when none is left open. With
 * `pidfdsOnly`, targets with a pidfd are not read: their pidfd said who ended.
 */
export function markEnded(
  states: readonly TargetState[],
  table: ProcessTable,
  elapsedMs: () => number,
  pidfdsOnly = false,
): boolean {
  let open = 0;
  for (const state of states) {
    if (state.end) continue;
    if (pidfdsOnly && state.pidfd !== undefined) {
      open++;
      continue;
    }
    const now = table.stat(state.target.pid);
    if (isGone(state.target, now)) {
      state.end = 'gone';
      state.elapsedMs = elapsedMs();
      continue;
    }
    open++;
    // Stopped after the first look (or between it and SIGTERM): continue it so it can act.
    if (now?.state === 'stopped' && state.signal === 'SIGTERM') {
      signalIfSame(table, state.target.pid, state.target.startTime, 'SIGCONT');
    }
  }
  return open === 0;
}

/**
 * Gone: no such process, or its pid now names another one. A process that became a zombie has
 * exited (its parent's reaping is the parent's business); a zombie target is gone once its parent
 * changed, i.e. the parent died and PID 1 or a subreaper adopted it.
 */
function isGone(target: LadderTarget, now: ProcessStat | undefined): boolean {
  if (!now || now.startTime !== target.startTime) return true;
  if (target.kind === 'zombie') return now.ppid !== target.ppid;
  return now.state === 'zombie';
}
