/** The JSON report of DESIGN.md, as types. Plain data: no methods, no class instances. */

export type ScopeKind = 'test' | 'suite' | 'file' | 'run';
export type LeakKind = 'child' | 'descendant' | 'orphan' | 'zombie';
export type Outcome = 'terminated' | 'killed' | 'reaped' | 'escaped' | 'allowed';
export type LadderSignal = 'SIGTERM' | 'SIGKILL';

export interface LeakedProcess {
  pid: number;
  ppid: number;
  command: string;
  kind: LeakKind;
  /** First user frame of the spawn, `file:line:column` relative to the project root; null where unknown. */
  spawnedAt: string | null;
  outcome: Outcome;
  /** The last signal reaper sent it; null when it was not signalled. */
  signal: LadderSignal | null;
  /** From the start of teardown to gone (or to being declared escaped). */
  ms: number;
}

/** One scope's result: an entry of the JSON report. */
export interface ScopeResult {
  /** Relative to the project root; null where a scope has no file (a whole run). */
  file: string | null;
  /** Full name with ' > ' between levels: the test's, or the describe block's for a suite; null for file/run. */
  test: string | null;
  scope: ScopeKind;
  /** Processes the scope spawned itself. */
  spawned: number;
  /** Empty when the scope cleaned up after itself. */
  leaked: LeakedProcess[];
}

export interface ReportSummary {
  scopes: number;
  leakedScopes: number;
  processes: number;
  escaped: number;
}

export type RunnerName = 'jest' | 'vitest' | 'node-test' | 'cli';

export interface Report {
  schema: 'reaper-report/1';
  runner: RunnerName;
  summary: ReportSummary;
  entries: ScopeResult[];
}

export const REPORT_SCHEMA = 'reaper-report/1';
