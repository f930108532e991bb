import type { LadderSignal, LeakedProcess, LeakedProcessBase } from '../report/types.js';
import type { PortReader } from '../table/ports.js';
import type { ProcessTable } from '../table/types.js';
import type { LadderTarget } from './ladder.js';
import type { Pidfds } from './pidfd.js';
import type { Waker } from './wait.js';

/** What is read of a target while it is alive. */
export type Found = Pick<LeakedProcessBase, 'startedAt' | 'listening' | 'command'>;

/** Where one target of the ladder stands. */
export interface TargetState {
  readonly target: LadderTarget;
  /** What was read of it when it was found, while it was alive. */
  readonly found: Found;
  /** Its pidfd, when the ladder has them; signals and waits then go through it. */
  readonly pidfd: number | undefined;
  /** Stopped when its pidfd was opened: SIGTERM is followed by SIGCONT, so it can act on it. */
  readonly stopped: boolean;
  /** The last signal sent to it. */
  signal: LadderSignal | null;
  /** `gone` once it ended, `denied` once reaper was refused to signal it; undefined while open. */
  end: 'gone' | 'denied' | undefined;
  /** From the start of teardown to its end; set when it ends or at the end of the ladder. */
  elapsedMs: number;
}

/** The ladder's targets: each process (pid and start time) once, in the order found. */
export interface Targets {
  readonly states: TargetState[];
  /** Adds a target not seen before and returns its state; undefined when it is known. */
  add(target: LadderTarget): TargetState | undefined;
  /** The pidfds, when the ladder has them. */
  readonly pidfds: Pidfds | null;
  /** Stops listening for the direct children's exits and closes the pidfds. */
  release(): void;
}

/**
 * Tracks the ladder's targets. Each new one is described while it is still alive (its start time
 * as epoch ms, the ports it listens on) and gets a pidfd when `pidfds` are there (a zombie never:
 * it has exited); else, when it is a direct child, its `exit` wakes `waker`.
 */
export function trackTargets(
  table: ProcessTable,
  waker: Waker,
  readPorts: PortReader,
  pidfds: Pidfds | null,
): Targets {
  const states: TargetState[] = [];
  const known = new Set<string>();
  return {
    states,
    pidfds,
    add(target) {
      const id = `${target.pid}@${target.startTime}`;
      if (known.has(id)) return undefined;
      known.add(id);
      const found = inspectTarget(table, target, readPorts);
      const opened = target.kind === 'zombie' ? undefined : pidfds?.open(table, target.pid, target.startTime);
      const state: TargetState = {
        target,
        found,
        pidfd: opened?.fd,
        stopped: opened?.state === 'stopped',
        signal: null,
        end: undefined,
        elapsedMs: 0,
      };
      states.push(state);
      if (state.pidfd === undefined) target.child?.once('exit', waker.wake);
      return state;
    },
    release() {
      for (const state of states) {
        if (state.pidfd === undefined) state.target.child?.off('exit', waker.wake);
        else pidfds?.close(state.pidfd);
      }
    },
  };
}

/** What the report says of every leaked process, whatever became of it (but the time it took). */
export function describeLeaked(target: LadderTarget, found: Found): Omit<LeakedProcessBase, 'elapsedMs'> {
  return {
    pid: target.pid,
    ppid: target.ppid,
    command: found.command,
    kind: target.kind,
    spawnedAt: target.spawnedAt,
    calledFrom: target.calledFrom,
    startedAt: found.startedAt,
    listening: found.listening,
  };
}

/** What is read of a leaked process while it is alive: its start time as epoch ms, its ports. */
export function inspectTarget(
  table: ProcessTable,
  target: Pick<LadderTarget, 'pid' | 'startTime' | 'kind' | 'command' | 'argvFresh'>,
  readPorts: PortReader,
): Found {
  // Read again now, when teardown begins, unless the look just read it after the exec: a process
  // first seen between its fork and its exec (a subshell of `sh -c 'x &'`) showed its parent's
  // command line then.
  const argv = target.kind === 'zombie' || target.argvFresh ? [] : table.argv(target.pid);
  return {
    startedAt: table.startedAtMs(target.startTime),
    listening: target.kind === 'zombie' ? [] : readPorts(target.pid),
    command: argv.length > 0 ? argv.join(' ') : target.command,
  };
}

/**
 * What became of a target, as the report says it: a zombie that went is `reaped`; one that was
 * gone before any signal `exited`; else by the last signal (`terminated`, `killed`); one reaper
 * may not signal `escaped` for `denied`, one still there `escaped` for `timeout`.
 */
export function toLeaked(state: TargetState): LeakedProcess {
  const { target, signal, elapsedMs } = state;
  // Fields in the schema's order: what it is, what became of it, how long that took.
  const base = describeLeaked(target, state.found);
  if (state.end !== 'gone') {
    const reason = state.end === 'denied' ? 'denied' : 'timeout';
    return { ...base, outcome: 'escaped', signal, reason, elapsedMs };
  }
  if (target.kind === 'zombie') return { ...base, outcome: 'reaped', signal: null, elapsedMs };
  if (signal === null) return { ...base, outcome: 'exited', signal: null, elapsedMs };
  return signal === 'SIGKILL'
    ? { ...base, outcome: 'killed', signal, elapsedMs }
    : { ...base, outcome: 'terminated', signal, elapsedMs };
}
