/**
 * The part of a `reaper-report/2` report (DESIGN.md) that the HTML page reads, with DESIGN.md's
 * field names. Times are epoch ms; any of them may be missing or null (a `/1` report converted to
 * `/2` has none), and the page then draws what it can.
 */

export interface HtmlSpawned {
  pid: number;
  command: string;
  spawnedAt?: string | null;
  startedAt?: number | null;
  endedAt?: number | null;
  exitCode?: number | null;
  signal?: string | null;
}

export interface HtmlLeaked {
  pid: number;
  ppid: number;
  command: string;
  kind: 'child' | 'descendant' | 'orphan' | 'zombie';
  spawnedAt?: string | null;
  calledFrom?: string | null;
  startedAt?: number | null;
  listening?: readonly number[] | null;
  outcome: 'terminated' | 'killed' | 'reaped' | 'exited' | 'escaped' | 'allowed';
  signal?: string | null;
  reason?: 'timeout' | 'denied' | null;
  elapsedMs?: number | null;
  /** `/1`'s name for `elapsedMs`. */
  ms?: number;
}

export interface HtmlEntry {
  file: string | null;
  test: string | null;
  scope: 'test' | 'suite' | 'file' | 'run';
  startedAt?: number | null;
  endedAt?: number | null;
  /** A `/1` report has a count here instead of the list. */
  spawned?: readonly HtmlSpawned[] | number | null;
  leaked: readonly HtmlLeaked[];
}

export interface HtmlReport {
  schema: string;
  runner: string;
  status?: 'checked' | 'skipped';
  skipReason?: string | null;
  unfinished?: { file: string | null; reason: string }[];
  startedAt?: number | null;
  endedAt?: number | null;
  summary: {
    scopes: number;
    leakedScopes: number;
    leakedProcesses?: number;
    escaped: number;
    allowed?: number;
  };
  entries: readonly HtmlEntry[];
}
