import type { TapTest } from './tap.js';

/** What reaper runs around a test: `run(done)` runs the test itself; `done` hands it back to tap. */
export type Around = (run: (done: () => void) => void, done: () => void) => void;

/**
 * Wraps `t.runMain` outermost, around what every other plugin wraps it with. tap applies plugins in
 * name order, so `@reaper/tap` comes before `@tapjs/before-each` and `@tapjs/after-each`, whose
 * constructors wrap `runMain` with the parent's beforeEach and afterEach hooks after reaper's
 * plugin ran. tap sets `t.t` (the plugged-in Test) once every plugin is applied: the wrap is made
 * then, so that a test's scope opens before its first beforeEach hook and is checked after its last
 * afterEach hook.
 */
export function aroundRunMain(t: TapTest, around: Around): void {
  const test = t as TapTest & { t?: unknown };
  let plugged = test.t;
  let wrapped = false;
  Object.defineProperty(test, 't', {
    configurable: true,
    enumerable: true,
    get: () => plugged,
    set(value: unknown) {
      plugged = value;
      if (wrapped) return;
      wrapped = true;
      const inner = test.runMain;
      test.runMain = (done: () => void) => around((finish) => inner.call(test, finish), done);
    },
  });
}
