import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { LadderSignal, LeakedProcess, LeakKind, Outcome } from '../report/types.js';
import type { ProcessStat, ProcessTable } from '../table/types.js';
import { signalIfSame } from './signal.js';
import { createWaker, pollUntil } from './wait.js';

export interface LadderTarget {
  pid: number;
  ppid: number;
  startTime: number;
  command: string;
  kind: LeakKind;
  spawnedAt: string | null;
  /** A direct child: its `exit` event ends a wait early. */
  child: ChildProcess | undefined;
}

export interface LadderOptions {
  table: ProcessTable;
  graceMs: number;
  killWaitMs: number;
  /** Everything owned now; called after the grace period and while waiting for SIGKILL. */
  rescan: () => LadderTarget[];
}

interface TargetState {
  target: LadderTarget;
  signal: LadderSignal | null;
  outcome: Outcome | undefined;
  ms: number;
}

/**
 * The teardown ladder: SIGTERM (and SIGCONT to a stopped process, so it can act on it) → wait up to
 * `graceMs` → rescan for processes forked meanwhile (a process that respawns on SIGTERM must not
 * win) → SIGKILL → wait up to `killWaitMs`, rescanning and killing newcomers → whatever remains is
 * `escaped`. Zombies are never signalled: ending their non-reaping parent ends them. Every wait is
 * bounded; the whole ladder takes at most `graceMs + killWaitMs` plus scan time.
 */
export async function runLadder(
  targets: readonly LadderTarget[],
  options: LadderOptions,
): Promise<LeakedProcess[]> {
  const { table } = options;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const waker = createWaker();
  const states: TargetState[] = [];
  const known = new Set<string>();

  const add = (target: LadderTarget) => {
    const id = `${target.pid}@${target.startTime}`;
    if (known.has(id)) return undefined;
    known.add(id);
    const state: TargetState = { target, signal: null, outcome: undefined, ms: 0 };
    states.push(state);
    target.child?.once('exit', waker.wake);
    return state;
  };

  const finish = (state: TargetState, outcome: Outcome) => {
    state.outcome = outcome;
    state.ms = elapsed();
  };

  const send = (state: TargetState, signal: LadderSignal) => {
    if (state.target.kind === 'zombie') return;
    const { pid, startTime } = state.target;
    const sent = signalIfSame(table, pid, startTime, signal);
    if (sent.result === 'gone') {
      finish(state, endedBy(state));
      return;
    }
    if (sent.result === 'sent') {
      state.signal = signal;
      // A stopped process cannot act on SIGTERM until it is continued.
      if (signal === 'SIGTERM' && sent.state === 'stopped') signalIfSame(table, pid, startTime, 'SIGCONT');
    }
  };

  /** Marks what has ended since the last look; true when nothing is left. */
  const settled = () => {
    let open = 0;
    for (const state of states) {
      if (state.outcome) continue;
      const now = table.stat(state.target.pid);
      if (isGone(state.target, now)) {
        finish(state, endedBy(state));
        continue;
      }
      open++;
      // Stopped after the first look (or between it and SIGTERM): continue it so it can act.
      if (now?.state === 'stopped' && state.signal === 'SIGTERM') {
        signalIfSame(table, state.target.pid, state.target.startTime, 'SIGCONT');
      }
    }
    return open === 0;
  };

  for (const target of targets) add(target);
  for (const state of states) send(state, 'SIGTERM');
  await pollUntil(settled, options.graceMs, waker);

  const before = states.length;
  for (const target of options.rescan()) add(target);
  for (const state of states) if (!state.outcome) send(state, 'SIGKILL');

  // Nothing survived SIGTERM and nothing new was forked: no SIGKILL round to wait for.
  const done = states.length === before && states.every((s) => s.outcome);
  if (!done)
    await pollUntil(
      () => {
        for (const target of options.rescan()) {
          const state = add(target);
          if (state) send(state, 'SIGKILL');
        }
        return settled();
      },
      options.killWaitMs,
      waker,
    );

  for (const state of states) {
    state.target.child?.off('exit', waker.wake);
    if (!state.outcome) finish(state, 'escaped');
  }
  return states.map(({ target, signal, outcome, ms }) => ({
    pid: target.pid,
    ppid: target.ppid,
    command: target.command,
    kind: target.kind,
    spawnedAt: target.spawnedAt,
    outcome: outcome!,
    signal,
    ms,
  }));
}

function endedBy(state: TargetState): Outcome {
  if (state.target.kind === 'zombie') return 'reaped';
  return state.signal === 'SIGKILL' ? 'killed' : 'terminated';
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
