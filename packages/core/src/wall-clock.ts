import { getRealm } from './realm.js';

// The machine's clocks, whatever a test did to them: a test's fake timers (`vi.useFakeTimers()`,
// Jest's modern timers, sinon) replace `Date`, `process.hrtime` and `performance` in the same realm
// as reaper under Vitest, and the times in a report (when a scope opened, when a process started
// and ended) must stay the machine's. The realm keeps the functions as they were when reaper's first
// copy loaded (`Realm.clock`): the kit's parts, loaded at a test's first spawn, use them too.
// Not `performance.now`: the first read of the global `performance` loads Node's perf_hooks, which
// costs each worker's start more than a millisecond of CPU.

/** Monotonic milliseconds, for durations only: never compared with another clock's. */
export function monotonicNow(): number {
  return Number(getRealm().clock.hrtime()) / 1e6;
}

/**
 * Epoch ms from the real clock, whatever a test did to `Date`; never less than it returned before
 * (a step back of the machine's clock holds it until the machine catches up), so a time taken after
 * another is never the smaller. Every time in a report comes from here: start times derived from the
 * boot time are calibrated against it and never after it (`table/clock.ts`).
 */
export function wallNow(): number {
  const clock = getRealm().clock;
  const now = clock.dateNow();
  if (now > clock.latest) clock.latest = now;
  return clock.latest;
}
