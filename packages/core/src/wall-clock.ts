/**
 * `Date.now`, as it was when reaper loaded. A test's fake timers (`vi.useFakeTimers()`, Jest's modern
 * timers, sinon) replace `Date` later, in the same realm as reaper under Vitest: the times in a
 * report (when a scope opened, when a process started and ended) must stay the machine's.
 */
const realDateNow = Date.now;

/**
 * `process.hrtime.bigint`, as it was when reaper loaded (fake timers replace `hrtime` and
 * `performance` too). Not `performance.now`: the first read of the global `performance` loads
 * Node's perf_hooks, which costs each worker's start more than a millisecond of CPU.
 */
const realHrtime = process.hrtime.bigint;

/** Monotonic milliseconds, for durations only: never compared with another clock's. */
export function monotonicNow(): number {
  return Number(realHrtime()) / 1e6;
}

/** The latest time this clock has given: it never goes back, even when the machine's clock does. */
let latest = 0;

/**
 * Epoch ms from the real clock, whatever a test did to `Date`; never less than it returned before
 * (a step back of the machine's clock holds it until the machine catches up), so a time taken after
 * another is never the smaller. Every time in a report comes from here: start times derived from the
 * boot time are calibrated against it and never after it (`table/clock.ts`).
 */
export function wallNow(): number {
  const now = realDateNow();
  if (now > latest) latest = now;
  return latest;
}
