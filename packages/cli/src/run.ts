import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildReport,
  COOKIE_VAR,
  formatResult,
  formatSummary,
  getProcessTable,
  hasLeaks,
  isPlatformSupported,
  type LadderTarget,
  type LeakKind,
  mergeReports,
  type ProcessStat,
  type ProcessTable,
  ReaperOptionError,
  type Report,
  type ResolvedOptions,
  resolveOptions,
  runLadder,
  type ScopeResult,
  writeReport,
} from '@reaper/core';
import { parseArgs } from './args.js';
import { EXIT, type Io, UsageError } from './io.js';
import { readReport } from './report.js';
import { RUN_USAGE } from './usage.js';

/** Names the directory where adapters running under `reaper run` drop their reports. */
export const RUN_DIR_VAR = 'REAPER_RUN_DIR';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** The third signal received while the command runs is no longer forwarded: the command is killed. */
const FORCE_AFTER = 3;

const FLAGS = [
  { name: '--mode', value: true },
  { name: '--grace-ms', value: true },
  { name: '--kill-wait-ms', value: true },
  { name: '--settle-ms', value: true },
  { name: '--report', value: true },
  { name: '--help', value: false },
  { name: '-h', value: false },
] as const;

const DURATION_FLAGS = {
  '--grace-ms': 'graceMs',
  '--kill-wait-ms': 'killWaitMs',
  '--settle-ms': 'settleMs',
} as const;

/** The options of `reaper run` from its flags, validated by core (REAPER_* variables override). */
export function runOptions(flags: Map<string, string | true>, env: NodeJS.ProcessEnv): ResolvedOptions {
  const input: Record<string, unknown> = {};
  const mode = flags.get('--mode');
  if (mode !== undefined) {
    if (mode !== 'fail' && mode !== 'warn' && mode !== 'off') {
      throw new UsageError(
        `reaper run: Expected --mode to be one of 'fail', 'warn', 'off', got \`${String(mode)}\`.`,
      );
    }
    input.mode = mode;
  }
  for (const [flag, key] of Object.entries(DURATION_FLAGS)) {
    const value = flags.get(flag);
    if (value === undefined) continue;
    const text = String(value).trim();
    const parsed = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(parsed)) {
      throw new UsageError(
        `reaper run: Expected ${flag} to be a non-negative integer (milliseconds), got \`${String(value)}\`.`,
      );
    }
    input[key] = parsed;
  }
  const report = flags.get('--report');
  if (report !== undefined) {
    if (report === true || report.trim() === '') {
      throw new UsageError(`reaper run: Expected --report to be a file path, got \`${String(report)}\`.`);
    }
    input.outputFile = report;
  }
  try {
    return resolveOptions(input, { env, source: 'reaper run' });
  } catch (error) {
    if (error instanceof ReaperOptionError) throw new UsageError(`reaper run: ${error.message}`);
    throw error;
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the command could not be started at all. */
  error?: NodeJS.ErrnoException;
}

/** The exit status that stands for how the command ended: its code, or 128 + the signal's number. */
export function statusOf(exit: Exit): number {
  if (exit.error) return exit.error.code === 'ENOENT' ? 127 : 126;
  if (exit.signal) return 128 + (constants.signals[exit.signal] ?? 0);
  return exit.code ?? 1;
}

/**
 * `reaper run [options] -- <command...>`. Resolves to the exit status: the command's own when it
 * failed, else 3 in `fail` mode when it left something behind, else 0.
 */
export async function runCommand(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs('reaper run', args, FLAGS, true);
  if (parsed.flags.has('--help') || parsed.flags.has('-h')) {
    io.stdout(RUN_USAGE);
    return EXIT.ok;
  }
  const options = runOptions(parsed.flags, io.env);
  const command = parsed.positional;
  if (command.length === 0) {
    io.stderr(`reaper run: no command given.\n\n${RUN_USAGE}`);
    return EXIT.usage;
  }
  if (options.mode !== 'off' && !isPlatformSupported()) {
    io.stderr(
      `reaper run: no process table backend for platform \`${process.platform}\` yet; set REAPER_MODE=off to run without reaper.\n`,
    );
    return EXIT.usage;
  }
  const signals = holdSignals();
  try {
    if (options.mode === 'off') return statusOf(await runChild(command, { ...io.env }, io, signals));
    return await gate(command, options, io, signals);
  } finally {
    signals.release();
  }
}

/** Runs the command with the run cookie, reaps what it left, reports; resolves to the exit status. */
async function gate(command: string[], options: ResolvedOptions, io: Io, signals: Signals): Promise<number> {
  const startedAt = Date.now();
  const table = getProcessTable();
  const token = `run-${randomBytes(8).toString('hex')}`;
  const inherited = (io.env[COOKIE_VAR] ?? '').split(' ').filter(Boolean);
  const runDir = mkdtempSync(join(tmpdir(), 'reaper-run-'));
  const env: NodeJS.ProcessEnv = {
    ...io.env,
    [COOKIE_VAR]: [...inherited, token].join(' '),
    [RUN_DIR_VAR]: runDir,
  };
  // The report of a `reaper run` is the CLI's: adapters under it hand theirs over through the run
  // directory instead of writing the same file first.
  delete env.REAPER_REPORT;

  let exit: Exit;
  let runEntry: ScopeResult;
  let adapterReports: Report[];
  try {
    const since = table.mark().startTime;
    let commandPid: number | undefined;
    let commandStart: number | undefined;
    exit = await runChild(command, env, io, signals, (child) => {
      commandPid = child.pid;
      if (commandPid !== undefined) commandStart = table.stat(commandPid)?.startTime;
    });
    const exitedAt = Date.now();
    if (exit.error) {
      runEntry = { file: null, test: null, scope: 'run', startedAt: 0, endedAt: 0, spawned: [], leaked: [] };
    } else {
      const finder = createFinder(table, { token, since, commandPid, commandStart });
      runEntry = await reap(finder, table, options);
      runEntry.spawned = [
        {
          pid: commandPid ?? 0,
          command: command.join(' '),
          spawnedAt: null,
          startedAt,
          endedAt: exitedAt,
          exitCode: exit.code,
          signal: exit.signal,
        },
      ];
    }
    runEntry.startedAt = startedAt;
    runEntry.endedAt = Date.now();
  } finally {
    adapterReports = readRunDir(runDir, io);
    rmSync(runDir, { recursive: true, force: true });
  }

  // One machine, one run: a process that an adapter's entry and the run's both list counts once.
  const report = mergeReports([
    buildReport('cli', [...adapterReports.flatMap((r) => r.entries), runEntry], {
      startedAt,
      endedAt: Date.now(),
    }),
  ]);
  let status = statusOf(exit);
  const printed = report.entries.filter((e) => e.leaked.length > 0).map((e) => formatResult(e));
  let summary = formatSummary(report);
  if (options.outputFile) {
    try {
      summary += `; report: ${writeReport(options.outputFile, report, io.cwd)}`;
    } catch (error) {
      io.stderr(
        `reaper run: could not write the report to ${options.outputFile}: ${(error as Error).message}\n`,
      );
      if (status === 0) status = EXIT.usage;
    }
  }
  handOver(report, io);
  // A command that could not start has said so already and left nothing to count.
  if (!exit.error || printed.length > 0) io.stderr(`${[...printed, summary].join('\n\n')}\n`);

  if (status !== 0) return status;
  if (options.mode === 'fail' && report.entries.some((e) => hasLeaks(e))) return EXIT.leaked;
  return EXIT.ok;
}

/**
 * Holds SIGINT, SIGTERM and SIGHUP for as long as `reaper run` works: while the command runs they
 * are forwarded to it (the third one kills it); once it has exited they are ignored, so that a
 * signal sent to the whole process group cannot cut the (bounded) reaping short.
 */
type Signals = ReturnType<typeof holdSignals>;

function holdSignals() {
  let child: ChildProcess | undefined;
  let received = 0;
  const handlers = SIGNALS.map((signal) => {
    const handler = () => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      received++;
      try {
        child.kill(received >= FORCE_AFTER ? 'SIGKILL' : signal);
      } catch {
        // Already gone: its exit is on its way.
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    forwardTo(target: ChildProcess) {
      child = target;
    },
    release() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}

/**
 * Runs the command with inherited stdio, forwarding signals to it. Resolves when it has exited
 * (or could not be started).
 */
function runChild(
  command: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io,
  signals: Signals,
  started?: (child: ChildProcess) => void,
): Promise<Exit> {
  return new Promise<Exit>((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env, cwd: io.cwd });
    child.once('error', (error: NodeJS.ErrnoException) => {
      // Only a failed start has no pid; an error after a start (a failed kill) is not an exit.
      if (child.pid !== undefined) return;
      const reason = error.code === 'ENOENT' ? 'command not found' : error.message;
      io.stderr(`reaper run: cannot run \`${command[0]}\`: ${reason}\n`);
      resolve({ code: null, signal: null, error });
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
    if (child.pid !== undefined) {
      signals.forwardTo(child);
      started?.(child);
    }
  });
}

interface FinderSettings {
  /** The run's cookie token. */
  token: string;
  /** Start time (table ticks) just before the command started: nothing older is the run's. */
  since: number;
  commandPid: number | undefined;
  commandStart: number | undefined;
}

interface Found {
  stat: ProcessStat;
  kind: LeakKind;
}

/**
 * What the run left behind: every process carrying the run's token in its environment, and every
 * process below one of those or below the command (by ppid), never this process or its ancestors.
 */
export function createFinder(table: ProcessTable, settings: FinderSettings): () => Map<number, Found> {
  return () => {
    const all = table.listAll();
    const excluded = new Set<number>();
    for (let pid: number | undefined = process.pid; pid !== undefined && pid > 0 && !excluded.has(pid); ) {
      excluded.add(pid);
      pid = all.get(pid)?.ppid;
    }
    const memo = new Map<number, boolean>();
    const owns = (pid: number, depth: number): boolean => {
      const known = memo.get(pid);
      if (known !== undefined) return known;
      memo.set(pid, false);
      const stat = all.get(pid);
      if (!stat || excluded.has(pid) || stat.startTime < settings.since || depth > 4096) return false;
      let result = false;
      if (pid === settings.commandPid && stat.startTime === settings.commandStart) result = true;
      else if (stat.state !== 'zombie' && table.cookie(pid)?.includes(settings.token)) result = true;
      else result = owns(stat.ppid, depth + 1);
      memo.set(pid, result);
      return result;
    };
    const found = new Map<number, Found>();
    for (const stat of all.values()) {
      if (!owns(stat.pid, 0)) continue;
      const parentOwned = memo.get(stat.ppid) === true;
      if (stat.state === 'zombie') {
        // A zombie is the run's only while a living process of the run fails to reap it.
        if (parentOwned) found.set(stat.pid, { stat, kind: 'zombie' });
        continue;
      }
      found.set(stat.pid, { stat, kind: parentOwned ? 'descendant' : 'orphan' });
    }
    return found;
  };
}

/** Settles (bounded, polling), then ends what is left with core's ladder. */
async function reap(
  find: () => Map<number, Found>,
  table: ProcessTable,
  options: ResolvedOptions,
): Promise<ScopeResult> {
  const argvCache = new Map<string, string>();
  const toTargets = (found: Map<number, Found>): LadderTarget[] =>
    [...found.values()].map(({ stat, kind }) => {
      const id = `${stat.pid}@${stat.startTime}@${stat.comm}`;
      let command = argvCache.get(id);
      if (command === undefined) {
        const argv = table.argv(stat.pid);
        command = argv.length > 0 ? argv.join(' ') : `[${stat.comm}]`;
        if (argv.length > 0) argvCache.set(id, command);
      }
      return {
        pid: stat.pid,
        ppid: stat.ppid,
        startTime: stat.startTime,
        command,
        kind,
        spawnedAt: null,
        calledFrom: null,
        child: undefined,
      };
    });
  let found = find();
  if (found.size > 0) {
    const deadline = performance.now() + options.settleMs;
    for (let delay = 1; found.size > 0 && performance.now() < deadline; delay = Math.min(delay * 2, 25)) {
      await sleep(Math.min(delay, Math.max(0, deadline - performance.now())));
      found = find();
    }
  }
  const leaked =
    found.size > 0
      ? await runLadder(toTargets(found), {
          table,
          graceMs: options.graceMs,
          killWaitMs: options.killWaitMs,
          rescan: () => toTargets(find()),
        })
      : [];
  return { file: null, test: null, scope: 'run', startedAt: 0, endedAt: 0, spawned: [], leaked };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reports that adapters under the command left in the run directory; a broken one is skipped. */
function readRunDir(dir: string, io: Io): Report[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const reports: Report[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    try {
      reports.push(readReport(join(dir, name), io.cwd, 'reaper run'));
    } catch (error) {
      io.stderr(`${(error as Error).message} (ignored)\n`);
    }
  }
  return reports;
}

/** Under another `reaper run`, hands this run's report to it like an adapter does. */
function handOver(report: Report, io: Io): void {
  const outer = io.env[RUN_DIR_VAR];
  if (!outer) return;
  try {
    writeReport(join(outer, `reaper-run-${process.pid}-${randomBytes(4).toString('hex')}.json`), report);
  } catch {
    // The outer run is gone or its directory was removed: nothing to hand over to.
  }
}
