/** The JSON report of DESIGN.md (`reaper-report/2`), as types. Plain data: no methods, no class instances. */

export const REPORT_SCHEMA = 'reaper-report/2';
/** The previous schema: readers still accept it and convert it (see `report/upgrade.ts`). */
export const REPORT_SCHEMA_V1 = 'reaper-report/1';

export const RUNNERS = [
  'jest',
  'vitest',
  'node-test',
  'mocha',
  'playwright',
  'ava',
  'tap',
  'cli',
  'mixed',
] as const;
export const STATUSES = ['checked', 'skipped'] as const;
export const SCOPE_KINDS = ['test', 'suite', 'file', 'run'] as const;
export const LEAK_KINDS = ['child', 'descendant', 'orphan', 'zombie'] as const;
export const OUTCOMES = ['terminated', 'killed', 'reaped', 'exited', 'escaped', 'allowed'] as const;
export const LADDER_SIGNALS = ['SIGTERM', 'SIGKILL'] as const;
export const ESCAPE_REASONS = ['timeout', 'denied'] as const;

export type RunnerName = (typeof RUNNERS)[number];
export type ReportStatus = (typeof STATUSES)[number];
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export type LeakKind = (typeof LEAK_KINDS)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type LadderSignal = (typeof LADDER_SIGNALS)[number];
export type EscapeReason = (typeof ESCAPE_REASONS)[number];

/**
 * The signals each outcome may carry, in one place for the types and the validator: `terminated`
 * ended after SIGTERM, `killed` after SIGKILL; `reaped` (a zombie, never signalled), `exited` (gone
 * before reaper signalled it) and `allowed` carry none; `escaped` carries the last one sent, none
 * when it could not be signalled at all.
 */
export const OUTCOME_SIGNALS = {
  terminated: ['SIGTERM'],
  killed: ['SIGKILL'],
  reaped: [null],
  exited: [null],
  escaped: ['SIGTERM', 'SIGKILL', null],
  allowed: [null],
} as const satisfies Record<Outcome, readonly (LadderSignal | null)[]>;

/** What every leaked process has, whatever became of it. */
export interface LeakedProcessBase {
  pid: number;
  ppid: number;
  command: string;
  kind: LeakKind;
  /** First user frame of the spawn, `file:line:column` relative to the project root; null where unknown. */
  spawnedAt: string | null;
  /**
   * When `spawnedAt` is outside the scope's test file (a helper), the first frame in the test file:
   * the test line that called the helper. Null otherwise.
   */
  calledFrom: string | null;
  /** When the process started, epoch ms; 0 where unknown (a report converted from `/1`). */
  startedAt: number;
  /** TCP ports it listened on and UDP ports it had bound, when it was found; empty when none or unreadable. */
  listening: number[];
  /** From the start of teardown to gone (or to being declared escaped). */
  elapsedMs: number;
}

type WithOutcome<O extends Outcome> = LeakedProcessBase & {
  outcome: O;
  /** The last signal reaper sent it; null when it was not signalled. */
  signal: (typeof OUTCOME_SIGNALS)[O][number];
};

/** Ended after SIGTERM. */
export type TerminatedProcess = WithOutcome<'terminated'>;
/** Ended after SIGKILL. */
export type KilledProcess = WithOutcome<'killed'>;
/** A zombie that went away once its parent ended. */
export type ReapedProcess = WithOutcome<'reaped'>;
/** Ended on its own before reaper signalled it. */
export type ExitedProcess = WithOutcome<'exited'>;
/**
 * Still alive after the ladder: `timeout` when it outlived SIGKILL and the kill wait, `denied` when
 * reaper was not permitted to signal it (EPERM), which is known at once.
 */
export type EscapedProcess = WithOutcome<'escaped'> & { reason: EscapeReason };
/** Matched by the `allow` option: left alone, not a leak. */
export type AllowedProcess = WithOutcome<'allowed'>;

/** A process that outlived its scope, and what became of it; a union on `outcome`. */
export type LeakedProcess =
  | TerminatedProcess
  | KilledProcess
  | ReapedProcess
  | ExitedProcess
  | EscapedProcess
  | AllowedProcess;

/** A process the scope spawned itself; the end fields are null while it outlived the scope. */
export interface SpawnedProcess {
  /** 0 where Node does not say (`execSync`/`execFileSync` when the sync binding is not hooked). */
  pid: number;
  command: string;
  spawnedAt: string | null;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms of its exit; null when it was still running when the scope closed. */
  endedAt: number | null;
  exitCode: number | null;
  /** The signal that ended it (any signal name, e.g. `SIGSEGV`); null when it exited or still runs. */
  signal: string | null;
}

/** One scope's result: an entry of the JSON report. */
export interface ScopeResult {
  /** Relative to the project root; null where a scope has no file (a whole run). */
  file: string | null;
  /** Full name with ' > ' between levels: the test's, or the describe block's for a suite; null for file/run. */
  test: string | null;
  scope: ScopeKind;
  /** Epoch ms of the scope's opening and closing (closing: after its teardown); 0 where unknown. */
  startedAt: number;
  endedAt: number;
  /** Processes the scope spawned itself. */
  spawned: SpawnedProcess[];
  /** Empty when the scope cleaned up after itself. */
  leaked: LeakedProcess[];
}

export interface ReportSummary {
  scopes: number;
  /** Scopes that left a process behind that was not allowed. */
  leakedScopes: number;
  /** Leaked processes that were not allowed (escaped ones included). */
  leakedProcesses: number;
  escaped: number;
  allowed: number;
}

/**
 * A test file (or a whole run, `file: null`) whose process ended before reaper's checks of it ran:
 * the tests it never reached, and what they spawned, are not in `entries`. Additive to `/2`: a
 * report has `unfinished` only when there is one; a reader that does not know the field still
 * reads a valid report.
 */
export interface UnfinishedFile {
  file: string | null;
  /** One line: why, as far as the main process can tell. */
  reason: string;
}

interface ReportBase {
  schema: typeof REPORT_SCHEMA;
  runner: RunnerName;
  /** Epoch ms of the run's start and end; 0 where unknown. */
  startedAt: number;
  endedAt: number;
  summary: ReportSummary;
  entries: ScopeResult[];
  /** Present only when some file was not fully checked. */
  unfinished?: UnfinishedFile[];
}

/** A run reaper checked. */
export interface CheckedReport extends ReportBase {
  status: 'checked';
}

/** A run reaper did not check (e.g. an unsupported platform): never to be read as clean. */
export interface SkippedReport extends ReportBase {
  status: 'skipped';
  /** Why nothing was checked, one line. */
  skipReason: string;
}

export type Report = CheckedReport | SkippedReport;
