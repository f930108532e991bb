export type ProcessState = 'running' | 'sleeping' | 'stopped' | 'zombie' | 'other';

/** What `stat` says of a process: enough to prove identity and walk the tree. */
export interface ProcessStat {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  state: ProcessState;
  /** Opaque and monotonic: with the pid, the identity of a process (a reused pid has another). */
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
 * process that vanishes while being read is skipped, never thrown.
 */
export interface ProcessTable {
  readonly platform: string;
  /** A mark taken now. */
  mark(): TableMark;
  /** Every process created since `mark` (cost grows with them, not with the machine). */
  listSince(mark: TableMark): Map<number, ProcessInfo>;
  /** Every process on the machine. */
  listAll(): Map<number, ProcessInfo>;
  /** The stat of one process, or undefined when it is gone. */
  stat(pid: number): ProcessStat | undefined;
  /** The full info of one process, or undefined when it is gone. */
  read(pid: number): ProcessInfo | undefined;
}

export const COOKIE_VAR = 'REAPER_COOKIE';
