import type { Pidfds } from './pidfd.js';
import type { TargetState } from './target-state.js';
import type { Waker } from './wait.js';

/**
 * A waker for the ladder's waits that also watches the open targets' pidfds: a wait ends the
 * moment one of them exits, and those that did are marked ended there (a pidfd is readable once
 * its process has exited, zombie or not). Targets without one are left to `fallback` and the look
 * at /proc; so is everything when the wait on pidfds fails.
 */
export function createExitWaker(
  states: readonly TargetState[],
  pidfds: Pidfds,
  elapsedMs: () => number,
  fallback: Waker,
): Waker {
  return {
    async wait(ms) {
      const watched = states.filter((state) => !state.end && state.pidfd !== undefined);
      if (watched.length === 0) return fallback.wait(ms);
      const exited = await pidfds.exited(
        watched.map((state) => state.pidfd!),
        ms,
      );
      if (!exited) return fallback.wait(ms);
      for (const state of watched) {
        if (!exited.has(state.pidfd!)) continue;
        state.end = 'gone';
        state.elapsedMs = elapsedMs();
      }
      return exited.size > 0;
    },
    wake: fallback.wake,
  };
}
