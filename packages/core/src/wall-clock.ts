/**
 * `Date.now`, as it was when reaper loaded. A test's fake timers (`vi.useFakeTimers()`, Jest's modern
 * timers, sinon) replace `Date` later, in the same realm as reaper under Vitest: the times in a
 * report (when a scope opened, when a process started and ended) must stay the machine's.
 */
const realDateNow = Date.now;

/** Epoch ms from the real clock, whatever a test did to `Date`. */
export function wallNow(): number {
  return realDateNow();
}
