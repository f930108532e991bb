import { summarize } from './summary.js';
import {
  type LadderSignal,
  type LeakedProcess,
  type LeakedProcessBase,
  type LeakKind,
  REPORT_SCHEMA,
  type Report,
  type RunnerName,
  type ScopeKind,
  type ScopeResult,
} from './types.js';

/** What `reaper-report/1` allowed where `/2` allows more. */
export const V1_RUNNERS = ['jest', 'vitest', 'cli'] as const satisfies readonly RunnerName[];
export const V1_OUTCOMES = ['terminated', 'killed', 'reaped', 'escaped', 'allowed'] as const;

interface V1Leaked {
  pid: number;
  ppid: number;
  command: string;
  kind: LeakKind;
  spawnedAt: string | null;
  outcome: (typeof V1_OUTCOMES)[number];
  signal: LadderSignal | null;
  ms: number;
}

interface V1Entry {
  file: string | null;
  test: string | null;
  scope: ScopeKind;
  spawned: number;
  leaked: V1Leaked[];
}

/**
 * Converts a checked `reaper-report/1` report to `/2`. What `/1` did not record is 0 for a time
 * (epoch ms: 0 reads as unknown), an empty `spawned` list (`/1` had only a count), null
 * `calledFrom` and empty `listening`. `ms` becomes `elapsedMs`; a `terminated` process without a
 * signal (how `/1` wrote one that ended before it was signalled) becomes `exited`; an `escaped` one
 * becomes `escaped` for `timeout`. A `/1` report was always checked.
 */
export function upgradeReport(v1: Record<string, unknown>): Report {
  const entries = (v1.entries as V1Entry[]).map(upgradeEntry);
  return {
    schema: REPORT_SCHEMA,
    runner: v1.runner as RunnerName,
    status: 'checked',
    startedAt: 0,
    endedAt: 0,
    summary: summarize(entries),
    entries,
  };
}

function upgradeEntry(entry: V1Entry): ScopeResult {
  return {
    file: entry.file,
    test: entry.test,
    scope: entry.scope,
    startedAt: 0,
    endedAt: 0,
    spawned: [],
    leaked: entry.leaked.map(upgradeLeaked),
  };
}

function upgradeLeaked(p: V1Leaked): LeakedProcess {
  const base: Omit<LeakedProcessBase, 'elapsedMs'> = {
    pid: p.pid,
    ppid: p.ppid,
    command: p.command,
    kind: p.kind,
    spawnedAt: p.spawnedAt,
    calledFrom: null,
    startedAt: 0,
    listening: [],
  };
  const elapsedMs = p.ms;
  switch (p.outcome) {
    case 'terminated':
      if (p.signal === null) return { ...base, outcome: 'exited', signal: null, elapsedMs };
      return p.signal === 'SIGKILL'
        ? { ...base, outcome: 'killed', signal: 'SIGKILL', elapsedMs }
        : { ...base, outcome: 'terminated', signal: 'SIGTERM', elapsedMs };
    case 'killed':
      return { ...base, outcome: 'killed', signal: 'SIGKILL', elapsedMs };
    case 'reaped':
      return { ...base, outcome: 'reaped', signal: null, elapsedMs };
    case 'escaped':
      return { ...base, outcome: 'escaped', signal: p.signal, reason: 'timeout', elapsedMs };
    case 'allowed':
      return { ...base, outcome: 'allowed', signal: null, elapsedMs };
  }
}
