import { monotonicNow } from '../wall-clock.js';

/** How long a process whose environment reads empty keeps a scope looking (mid-exec is microseconds). */
const UNCERTAIN_LOOK_MS = 20;

/**
 * The processes whose environment read empty in a scope's looks (caught mid-exec, or started with
 * `env -i`), each from when it was first seen so. Ownership claims one only once it has read empty
 * for `UNCERTAIN_LOOK_MS` (`settled`); until then the scope keeps looking (`pending`).
 */
export interface UncertainProcesses {
  /** Whether this pid has read empty long enough to be judged on its empty environment. */
  settled(pid: number): boolean;
  /** After a look: the pids that read empty in it (the others are forgotten). */
  update(uncertain: ReadonlySet<number>): void;
  /** Whether a process seen empty is still within its looks. */
  readonly pending: boolean;
}

export function trackUncertain(): UncertainProcesses {
  const since = new Map<number, number>();
  let pending = false;
  return {
    settled(pid) {
      const first = since.get(pid);
      return first !== undefined && monotonicNow() - first >= UNCERTAIN_LOOK_MS;
    },
    update(uncertain) {
      const now = monotonicNow();
      for (const pid of since.keys()) if (!uncertain.has(pid)) since.delete(pid);
      for (const pid of uncertain) if (!since.has(pid)) since.set(pid, now);
      pending = [...since.values()].some((first) => now - first < UNCERTAIN_LOOK_MS);
    },
    get pending() {
      return pending;
    },
  };
}
