import {
  buildReport,
  closeScope,
  formatResult,
  formatSummary,
  hasLeaks,
  installHook,
  mergeReports,
  openScope,
  type Report,
  type ResolvedOptions,
  registerInternalPath,
  type ScopeResult,
  setProjectRoot,
  uninstallHook,
  writeReportFiles,
} from '@reaper/core';
import { callerDirectory, INTERNAL_VARS, SETTING_VARS, wallNow } from '@reaper/core/adapter';
import { type Exit, runChild, statusOf } from './child.js';
import { EXIT, type Io } from './io.js';
import { drainRunDir, handOver, openRunDir } from './run-dir.js';
import type { HeldSignals } from './signals.js';

/**
 * The gate: the command is spawned inside a `run` scope of core's, so it and everything below it —
 * descendants, orphans reparented away (they carry the scope's cookie), with koffi even orphans that
 * cleared their environment and left the session (this process is then their subreaper) — is owned
 * by that scope under the same rules as a test's. When the command has exited, the scope is closed:
 * settle, ladder, result. Resolves to the exit status.
 */
export async function gate(
  command: readonly string[],
  options: ResolvedOptions,
  io: Io,
  signals: HeldSignals,
): Promise<number> {
  const startedAt = wallNow();
  const runDir = openRunDir();
  const env: NodeJS.ProcessEnv = { ...io.env, [INTERNAL_VARS.runDir]: runDir };
  // The report of a `reaper run` is the CLI's: adapters under it hand theirs over through the run
  // directory instead of writing the same file first.
  delete env[SETTING_VARS.outputFile];
  delete env[SETTING_VARS.htmlFile];

  let exit: Exit;
  let runEntry: ScopeResult;
  let adapterReports: Report[];
  installHook();
  setProjectRoot(io.cwd);
  registerInternalPath(callerDirectory());
  try {
    const scope = openScope({ scope: 'run' });
    exit = await runChild(command, env, io, signals);
    runEntry = await closeScope(scope, options);
  } finally {
    uninstallHook();
    adapterReports = drainRunDir(runDir, io);
  }

  // One machine, one run: a process that an adapter's entry and the run's both list counts once.
  const entries = [...adapterReports.flatMap((r) => r.entries), runEntry];
  const report = mergeReports([buildReport('cli', entries, { startedAt, endedAt: wallNow() })]);
  return publish(report, exit, options, io);
}

/** Where nothing can be checked (no process table): runs the command and reports `skipped`. */
export async function gateSkipped(
  command: readonly string[],
  options: ResolvedOptions,
  io: Io,
  signals: HeldSignals,
  skipReason: string,
): Promise<number> {
  const startedAt = wallNow();
  const exit = await runChild(command, { ...io.env }, io, signals);
  return publish(buildReport('cli', [], { startedAt, endedAt: wallNow(), skipReason }), exit, options, io);
}

/** Prints, writes and hands over the run's report; resolves to the exit status. */
function publish(report: Report, exit: Exit, options: ResolvedOptions, io: Io): number {
  let status = statusOf(exit);
  const printed = report.entries.filter((e) => e.leaked.length > 0).map((e) => formatResult(e));
  const { written, failures } = writeReportFiles(report, options, io.cwd);
  const summary = formatSummary(report) + written;
  for (const failure of failures) io.stderr(`reaper run: ${failure}\n`);
  if (failures.length > 0 && status === 0) status = EXIT.usage;
  handOver(report, io);
  // A command that could not start has said so already and left nothing to count.
  if (!exit.error || printed.length > 0) io.stderr(`${[...printed, summary].join('\n\n')}\n`);

  if (status !== 0) return status;
  if (options.mode === 'fail' && report.entries.some((e) => hasLeaks(e))) return EXIT.leaked;
  return EXIT.ok;
}
