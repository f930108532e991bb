// From the modules, not the globals: a test runner's sandbox (or a test's fake timers) may replace those.
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';

/**
 * Polling delays: quick first looks for processes that die at once, then every 8 ms while a tree
 * is usually still going down (a wide tree takes tens of ms here: a coarser step would see it gone
 * up to 25 ms late), then a gentle cap.
 */
const BACKOFF_MS = [1, 2, 4, 8, 8, 8, 8, 8, 8, 8, 16, 25];

/** Something that can cut a wait short (a direct child's `exit` event). */
export interface Waker {
  wait(ms: number): Promise<void>;
  wake(): void;
}

export function createWaker(): Waker {
  let pending: (() => void) | undefined;
  return {
    wait(ms) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          if (pending === done) pending = undefined;
          resolve();
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
 * whether `check` came true.
 */
export async function pollUntil(
  check: () => boolean,
  budgetMs: number,
  waker: Waker = createWaker(),
): Promise<boolean> {
  const deadline = performance.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    if (check()) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await waker.wait(Math.min(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!, left));
  }
}
