// From the modules, not the globals: a test runner's sandbox (or a test's fake timers) may replace those.
import { clearTimeout, setTimeout } from 'node:timers';
import { monotonicNow } from '../wall-clock.js';

/**
 * Polling delays: quick first looks for processes that die at once, then every 8 ms while a tree
 * is usually still going down (a wide tree takes tens of ms here: a coarser step would see it gone
 * up to 25 ms late), then a gentle cap.
 */
const BACKOFF_MS = [1, 2, 4, 8, 8, 8, 8, 8, 8, 8, 16, 25];

/** Something that can cut a wait short (a direct child's `exit` event, a pidfd). */
export interface Waker {
  /** Resolves after `ms`, or sooner when woken: then with true. */
  wait(ms: number): Promise<boolean>;
  wake(): void;
}

export function createWaker(): Waker {
  let pending: (() => void) | undefined;
  return {
    wait(ms) {
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => done(false), ms);
        function done(woken = true) {
          clearTimeout(timer);
          if (pending === done) pending = undefined;
          resolve(woken);
        }
        pending = done;
      });
    },
    wake() {
      pending?.();
    },
  };
}

/**
 * Polls `check` with backoff until it returns true or `budgetMs` has passed; never longer. Returns
 * whether `check` came true. `check` is told whether the waker cut the last wait short.
 */
export async function pollUntil(
  check: (woken: boolean) => boolean,
  budgetMs: number,
  waker: Waker = createWaker(),
): Promise<boolean> {
  const deadline = monotonicNow() + budgetMs;
  let woken = false;
  for (let attempt = 0; ; attempt++) {
    if (check(woken)) return true;
    const left = deadline - monotonicNow();
    if (left <= 0) return false;
    woken = await waker.wait(Math.min(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!, left));
    // A wake is not a step of the backoff: the next wait is as long as the one it cut short.
    if (woken) attempt--;
  }
}
