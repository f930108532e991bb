import type {
  LeakedProcess,
  LeakKind,
  Outcome,
  Report,
  ReportSummary,
  ScopeKind,
  ScopeResult,
  SpawnedProcess,
} from '../types.js';

/**
 * What the page draws, worked out here rather than in the browser: every string is data for
 * `textContent`, every time an epoch ms or null. The report's times are 0 where unknown (a report
 * converted from `/1` has none); here they are null, and the page draws what it can without them.
 */
export interface PageData {
  runner: string;
  verdict: 'clean' | 'leaked' | 'skipped';
  skipReason: string | null;
  /** Files whose process ended before their checks ran: `file (reason)`, one line each. */
  unfinished: string[];
  startedAt: number | null;
  endedAt: number | null;
  summary: ReportSummary;
  files: PageFile[];
}

export interface PageFile {
  /** null for scopes without a file (the whole run). */
  file: string | null;
  startedAt: number | null;
  endedAt: number | null;
  /** Tests (and suites, files, the run) of this file that leaked a process that was not allowed. */
  leakingTests: number;
  tests: PageTest[];
}

export interface PageTest {
  test: string | null;
  scope: ScopeKind;
  startedAt: number | null;
  endedAt: number | null;
  /** Processes spawned by this scope that counted as leaks (not allowed). */
  leaks: number;
  /** Depth-first: each descendant right after its parent. */
  processes: PageProcess[];
}

/** `clean` is a spawned process that ended before its scope did; the rest are the report's outcomes. */
export type PageOutcome = 'clean' | Outcome;

export interface PageProcess {
  pid: number;
  ppid: number | null;
  command: string;
  kind: LeakKind | 'spawned';
  /** 0 for a root of the scope's tree, 1 for its child, … */
  depth: number;
  spawnedAt: string | null;
  calledFrom: string | null;
  startedAt: number | null;
  /** When it ended; null when unknown or when it escaped (still running). */
  endedAt: number | null;
  listening: number[];
  outcome: PageOutcome;
  signal: string | null;
  reason: string | null;
  elapsedMs: number | null;
  exitCode: number | null;
  /** Whether it counts against its scope: it outlived it and was not allowed. */
  leak: boolean;
}

/** The report as the page's data: entries grouped by file, each scope's processes as a tree. */
export function buildPageData(report: Report): PageData {
  const byFile = new Map<string | null, PageTest[]>();
  for (const entry of report.entries) {
    const tests = byFile.get(entry.file) ?? [];
    tests.push(buildTest(entry));
    byFile.set(entry.file, tests);
  }
  const files: PageFile[] = [];
  for (const [file, tests] of byFile) {
    tests.sort(
      (a, b) => (a.startedAt ?? Number.POSITIVE_INFINITY) - (b.startedAt ?? Number.POSITIVE_INFINITY),
    );
    const times = tests.flatMap((t) => [t.startedAt, t.endedAt, ...t.processes.flatMap(timesOf)]);
    files.push({
      file,
      startedAt: minOf(times),
      endedAt: maxOf(times),
      leakingTests: tests.filter((t) => t.leaks > 0).length,
      tests,
    });
  }
  const leaked = report.entries.some((e) => e.leaked.some((p) => p.outcome !== 'allowed'));
  const skipped = report.status === 'skipped';
  return {
    runner: report.runner,
    verdict: skipped ? 'skipped' : leaked ? 'leaked' : 'clean',
    skipReason: skipped ? report.skipReason : null,
    unfinished: (report.unfinished ?? []).map((u) => `${u.file ?? 'the run'} (${u.reason})`),
    startedAt: timeOf(report.startedAt),
    endedAt: timeOf(report.endedAt),
    summary: report.summary,
    files,
  };
}

function buildTest(entry: ScopeResult): PageTest {
  const startedAt = timeOf(entry.startedAt);
  const endedAt = timeOf(entry.endedAt);
  const spawned = entry.spawned;
  const leakedPids = new Set(entry.leaked.map((p) => p.pid));
  const spawnedByPid = new Map(spawned.map((s) => [s.pid, s]));
  const all: PageProcess[] = [
    ...entry.leaked.map((p) => fromLeaked(p, spawnedByPid.get(p.pid), endedAt)),
    ...spawned.filter((s) => !leakedPids.has(s.pid)).map(fromSpawned),
  ];
  return {
    test: entry.test,
    scope: entry.scope,
    startedAt,
    endedAt,
    leaks: all.filter((p) => p.leak).length,
    processes: orderAsTree(all),
  };
}

function fromLeaked(
  p: LeakedProcess,
  spawned: SpawnedProcess | undefined,
  scopeEndedAt: number | null,
): PageProcess {
  const { elapsedMs } = p;
  // Teardown starts when the scope ends; the process was gone `elapsedMs` later (unless it escaped).
  const gone = scopeEndedAt !== null && elapsedMs !== null ? scopeEndedAt + elapsedMs : null;
  return {
    pid: p.pid,
    ppid: p.ppid,
    command: p.command,
    kind: p.kind,
    depth: 0,
    spawnedAt: p.spawnedAt ?? spawned?.spawnedAt ?? null,
    calledFrom: p.calledFrom,
    startedAt: timeOf(p.startedAt) ?? timeOf(spawned?.startedAt),
    endedAt: p.outcome === 'escaped' || p.outcome === 'allowed' ? null : gone,
    listening: [...p.listening],
    outcome: p.outcome,
    signal: p.signal,
    reason: p.outcome === 'escaped' ? p.reason : null,
    elapsedMs,
    exitCode: spawned?.exitCode ?? null,
    leak: p.outcome !== 'allowed',
  };
}

function fromSpawned(s: SpawnedProcess): PageProcess {
  return {
    pid: s.pid,
    ppid: null,
    command: s.command,
    kind: 'spawned',
    depth: 0,
    spawnedAt: s.spawnedAt,
    calledFrom: null,
    startedAt: timeOf(s.startedAt),
    endedAt: timeOf(s.endedAt),
    listening: [],
    outcome: 'clean',
    signal: s.signal,
    reason: null,
    elapsedMs: null,
    exitCode: s.exitCode,
    leak: false,
  };
}

/** Roots in order of start, each followed by its descendants (by ppid among the scope's processes). */
function orderAsTree(processes: PageProcess[]): PageProcess[] {
  const byStart = [...processes].sort(
    (a, b) =>
      (a.startedAt ?? Number.POSITIVE_INFINITY) - (b.startedAt ?? Number.POSITIVE_INFINITY) || a.pid - b.pid,
  );
  const pids = new Set(byStart.map((p) => p.pid));
  const children = new Map<number, PageProcess[]>();
  const roots: PageProcess[] = [];
  for (const p of byStart) {
    if (p.ppid !== null && p.ppid !== p.pid && pids.has(p.ppid)) {
      children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
    } else {
      roots.push(p);
    }
  }
  const out: PageProcess[] = [];
  const seen = new Set<PageProcess>();
  const visit = (p: PageProcess, depth: number) => {
    if (seen.has(p)) return;
    seen.add(p);
    out.push({ ...p, depth });
    for (const child of children.get(p.pid) ?? []) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  // A ppid cycle (pid reuse) leaves processes no root reaches: list them at the top level.
  for (const p of byStart) visit(p, 0);
  return out;
}

function timesOf(p: PageProcess): (number | null)[] {
  return [p.startedAt, p.endedAt];
}

/** An epoch ms the report knows, or null: the report writes 0 for a time it does not know. */
function timeOf(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function minOf(values: (number | null)[]): number | null {
  let min: number | null = null;
  for (const v of values) if (v !== null && (min === null || v < min)) min = v;
  return min;
}

function maxOf(values: (number | null)[]): number | null {
  let max: number | null = null;
  for (const v of values) if (v !== null && (max === null || v > max)) max = v;
  return max;
}
