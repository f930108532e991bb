import type { ChildProcess } from 'node:child_process';
import type { LeakedProcess, LeakKind } from '../report/types.js';
import { createPortReader, type PortReader } from '../table/ports.js';
import type { ProcessTable } from '../table/types.js';
import { monotonicNow } from '../wall-clock.js';
import { reapAdoptedZombies } from './adopted.js';
import { createExitWaker } from './exit-waker.js';
import { usePidfds } from './pidfd.js';
import { sendSignal } from './send.js';
import { markEnded } from './settle.js';
import { type Targets, toLeaked, trackTargets } from './target-state.js';
import { createWaker, pollUntil, type Waker } from './wait.js';

export interface LadderTarget {
  pid: number;
  ppid: number;
  startTime: number;
  command: string;
  kind: LeakKind;
  spawnedAt: string | null;
  /** The test file's frame when `spawnedAt` is in a helper; null otherwise. */
  calledFrom: string | null;
  /** A direct child: its `exit` event ends a wait early. */
  child: ChildProcess | undefined;
  /**
   * `command` was read by the look that found it, after its exec: describing it reads it not
   * again. Otherwise (it may have been caught between its fork and its exec) it is read again.
   */
  argvFresh?: boolean;
}

export interface LadderOptions {
  table: ProcessTable;
  graceMs: number;
  killWaitMs: number;
  /** Everything owned now; called after the grace period and while waiting for SIGKILL. */
  rescan: () => LadderTarget[];
  /**
   * Reads the ports a target listens on. A reader reads the kernel's socket tables once, so a
   * caller that reads ports itself passes its own. Default: a new one.
   */
  readPorts?: PortReader;
}

/**
 * The teardown ladder: SIGTERM (and SIGCONT to a stopped process, so it can act on it) → wait up to
 * `graceMs` → rescan for processes forked meanwhile (a process that respawns on SIGTERM must not
 * win) → SIGKILL → wait up to `killWaitMs`, rescanning and killing newcomers → whatever remains is
 * `escaped`. A process that ended before it was signalled `exited`; one reaper is not permitted to
 * signal is `escaped` (`denied`) at once. Zombies are never signalled: ending their non-reaping
 * parent ends them. Every wait is bounded; the whole ladder takes at most `graceMs + killWaitMs`
 * plus scan time. With pidfds each target is signalled through its own, and a wait ends as soon as
 * one exits; /proc is read again at the backoff's pace only (for a target stopped meanwhile, a
 * zombie's parent, newcomers).
 */
export async function runLadder(
  targets: readonly LadderTarget[],
  options: LadderOptions,
): Promise<LeakedProcess[]> {
  const started = monotonicNow();
  const elapsedMs = () => Math.round(monotonicNow() - started);
  const timer = createWaker();
  const pidfds = usePidfds();
  const tracked = trackTargets(options.table, timer, options.readPorts ?? createPortReader(), pidfds);
  const waker = pidfds ? createExitWaker(tracked.states, pidfds, elapsedMs, timer) : timer;
  try {
    for (const target of targets) tracked.add(target);
    await terminate(tracked, options, elapsedMs, waker);
    // The orphans this worker adopted as the tree went down are its zombies now: reaped first, the
    // rescan has that many fewer processes to read.
    reapAdoptedZombies();
    const before = tracked.states.length;
    for (const target of options.rescan()) tracked.add(target);
    // Nothing survived SIGTERM and nothing new was forked: no SIGKILL round to wait for.
    if (tracked.states.length > before || tracked.states.some((s) => !s.end)) {
      await kill(tracked, options, elapsedMs, waker);
    }
  } finally {
    tracked.release();
  }
  for (const state of tracked.states) if (!state.end) state.elapsedMs = elapsedMs();
  return tracked.states.map(toLeaked);
}

/** SIGTERM to every target, then up to `graceMs` for them to go. */
async function terminate(
  tracked: Targets,
  options: LadderOptions,
  elapsedMs: () => number,
  waker: Waker,
): Promise<void> {
  for (const state of tracked.states) sendSignal(state, 'SIGTERM', options.table, elapsedMs, tracked.pidfds);
  await pollUntil(
    (woken) => markEnded(tracked.states, options.table, elapsedMs, woken && tracked.pidfds !== null),
    options.graceMs,
    waker,
  );
}

/** SIGKILL to what is left, then up to `killWaitMs` for it to go, killing newcomers as they appear. */
async function kill(
  tracked: Targets,
  options: LadderOptions,
  elapsedMs: () => number,
  waker: Waker,
): Promise<void> {
  const killNewcomers = () => {
    for (const target of options.rescan()) {
      const state = tracked.add(target);
      if (state) sendSignal(state, 'SIGKILL', options.table, elapsedMs, tracked.pidfds);
    }
  };
  for (const state of tracked.states) sendSignal(state, 'SIGKILL', options.table, elapsedMs, tracked.pidfds);
  await pollUntil(
    (woken) => {
      // Woken by a pidfd: only the pidfds are news, until they say all have gone; then one full
      // look, so that a process forked meanwhile is still found.
      const pidfdsOnly = woken && tracked.pidfds !== null;
      if (!pidfdsOnly) killNewcomers();
      if (!markEnded(tracked.states, options.table, elapsedMs, pidfdsOnly)) return false;
      if (!pidfdsOnly) return true;
      killNewcomers();
      return markEnded(tracked.states, options.table, elapsedMs);
    },
    options.killWaitMs,
    waker,
  );
}
