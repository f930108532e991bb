export type ProcessState = 'running' | 'sleeping' | 'stopped' | 'zombie' | 'other';

/** What `stat` says of a process: enough to prove identity and walk the tree. */
export interface ProcessStat {
  pid: number;
  ppid: number;
  state: ProcessState;
  /**
   * Opaque and monotonic: with the pid, the identity of a process (a reused pid has another).
   * Clock ticks since boot from `/proc`; start second × 1000 plus a reuse generation from `ps`.
   */
  startTime: number;
  /** The executable's short name. */
  comm: string;
}

export interface ProcessInfo extends ProcessStat {
  argv: string[];
  /** Tokens of the `REAPER_COOKIE` environment variable the process was started with. */
  cookie: string[];
}

/** A point in time of the table: processes created after it are listed by `listSince`. */
export interface TableMark {
  readonly lastPid: number;
  readonly startTime: number;
}

/**
 * One view of the processes that matter. Every read is a snapshot that may already be stale; a
 * process that vanishes while being read is skipped (undefined or empty), never thrown. Listing
 * returns stats only: argv and cookie cost a read each and are asked for where needed.
 */
export interface ProcessTable {
  /** A mark taken now. */
  mark(): TableMark;
  /** Every process created since `mark`; the cost grows with them, not with the machine. */
  listSince(mark: TableMark): Map<number, ProcessStat>;
  /** Every process on the machine. */
  listAll(): Map<number, ProcessStat>;
  /** The stat of one process, or undefined when it is gone. */
  stat(pid: number): ProcessStat | undefined;
  /** Its argv; empty for a zombie, a kernel thread, or a process that is gone. */
  argv(pid: number): string[];
  /**
   * The tokens of `REAPER_COOKIE` in the environment it was started with; undefined when the
   * environment could not be read or was empty (gone, mid-exec, or started with `env -i`).
   */
  cookie(pid: number): string[] | undefined;
  /** A start time of this table as epoch ms (for reports); 0 when it cannot be told. */
  startedAtMs(startTime: number): number;
}

export const COOKIE_VAR = 'REAPER_COOKIE';
