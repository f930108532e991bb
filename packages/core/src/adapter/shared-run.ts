import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INTERNAL_VARS } from '../env.js';
import { uniqueHex } from '../ids.js';
import { spawned } from '../lazy/parts.js';
import { type ReaperOptions, resolveOptions } from '../options.js';
import { buildReport, leaksOf } from '../report/summary.js';
import { formatSummary } from '../report/text.js';
import type { Report, RunnerName, ScopeResult } from '../report/types.js';
import { writeReport, writeReportFiles } from '../report/write.js';
import { isPlatformSupported } from '../table/platform.js';
import { wallNow } from '../wall-clock.js';
import { readResultsChannel } from './channel.js';
import { settleLacking } from './lacking.js';
import type { RunnerSupport } from './version.js';

export interface SharedRunSettings {
  runner: RunnerSupport;
  options: ReaperOptions | undefined;
  /** Names the adapter in errors: `@reaper/ava`. */
  source: string;
  /** The project root: the report's paths and `outputFile` are relative to it. */
  root: string;
  /** The runner's main process, whose life is the run's: a test file's parent, or its own pid in a thread. */
  mainPid: number;
}

/** A run kept by its test files, for a runner that loads nothing of reaper's in its main process. */
export interface SharedRun {
  /**
   * This file is over, its scopes checked (`results`: this file's): the run's report and HTML page
   * are written again from every file's results so far, under the run's lock, so that after the
   * last file they hold the whole run. A file that leaked says so in one line. `skipReason`: this
   * file checked nothing (mode `off`, an unsupported runner), and the report says `skipped`.
   * Never throws: a report that could not be written is said on stderr and returned.
   */
  finishFile(results: readonly ScopeResult[], skipReason?: string): Error | undefined;
}

const LOCK_WAIT_MS = 10_000;

/**
 * Joins the run of the runner's main process `mainPid` (AVA's: its workers are its threads or its
 * child processes, and it runs no plugin code itself). The run's directory in tmpdir, named by that
 * process's pid and start time, is the results channel of every test file of the run: this worker's
 * scope results go there (`REAPER_RESULTS`). Directories of runs whose main process is gone are
 * removed when a run begins.
 */
export function joinSharedRun(settings: SharedRunSettings): SharedRun {
  const options = resolveOptions(settings.options ?? {}, { source: settings.source });
  const identity = identityOf(settings.mainPid);
  const prefix = `reaper-run-${settings.runner.id}-`;
  const dir = join(tmpdir(), `${prefix}${identity}`);
  const channel = join(dir, 'results');
  mkdirSync(channel, { recursive: true });
  let startedAt = wallNow();
  try {
    writeFileSync(join(dir, 'started'), String(startedAt), { flag: 'wx' });
    removeStaleRuns(prefix, identity);
  } catch {
    startedAt = Number(readFileSync(join(dir, 'started'), 'utf8')) || startedAt;
  }
  process.env[INTERNAL_VARS.results] = channel;
  return {
    finishFile(results, skipReason) {
      const ownReport = buildReport(settings.runner.id, skipReason ? [] : results, {
        startedAt,
        endedAt: wallNow(),
        skipReason,
      });
      handOver(settings.runner.id, ownReport);
      let written = '';
      let failures: string[] = [];
      if (options.outputFile || options.htmlFile) {
        withLock(join(dir, 'lock'), () => {
          // Files still running are not unfinished: the last file to end writes the whole run.
          const checked = settleLacking({ ...readResultsChannel(channel), unfinished: [] });
          // A reason given for the whole run (mode off, an unsupported runner) stays for every later
          // file; a worker's lack does not: a file checked after it makes the run checked.
          if (skipReason) writeFileSync(join(dir, 'skipped'), skipReason);
          const skip = skipReason ?? readSkip(dir) ?? checked.skipReason;
          const report = buildReport(settings.runner.id, skip ? [] : checked.results, {
            startedAt,
            endedAt: wallNow(),
            skipReason: skip,
            unfinished: skip ? undefined : checked.unfinished,
          });
          ({ written, failures } = writeReportFiles(report, options, settings.root));
        });
      }
      const failure = failures.length > 0 ? new Error(`reaper: ${failures.join('; ')}`) : undefined;
      if (results.some((r) => leaksOf(r).length > 0)) {
        process.stderr.write(`${formatSummary(results)}${written}\n`);
      }
      if (failure) process.stderr.write(`${failure.message}\n`);
      return failure;
    },
  };
}

/** `<pid>-<start time>`: a reused pid is another run. */
function identityOf(pid: number): string {
  const startTime = isPlatformSupported() ? spawned().getProcessTable().stat(pid)?.startTime : undefined;
  return `${pid}-${startTime ?? 0}`;
}

function removeStaleRuns(prefix: string, own: string): void {
  try {
    for (const name of readdirSync(tmpdir())) {
      if (!name.startsWith(prefix) || name === `${prefix}${own}`) continue;
      const identity = name.slice(prefix.length);
      if (identityOf(Number(identity.split('-')[0])) !== identity) {
        rmSync(join(tmpdir(), name), { recursive: true, force: true });
      }
    }
  } catch {
    // Another run cleans at the same time; the next one cleans what is left.
  }
}

/** Why an earlier file of the run checked nothing: then the whole run's report says `skipped`. */
function readSkip(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, 'skipped'), 'utf8') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `fn` holding the run's lock (a directory made exclusively). A holder that died leaves it: it
 * is taken over once it is older than the bound.
 */
function withLock(lock: string, fn: () => void): void {
  const deadline = Date.now() + LOCK_WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (Date.now() > deadline || age > LOCK_WAIT_MS) break;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Under `reaper run`, each file's own entries go to the gate, which merges them. */
function handOver(runner: RunnerName, report: Report): void {
  const runDir = process.env[INTERNAL_VARS.runDir];
  if (!runDir || (report.entries.length === 0 && report.status === 'checked')) return;
  try {
    writeReport(join(runDir, `${runner}-${process.pid}-${uniqueHex(4)}.json`), report);
  } catch {
    // The gate is gone: its own reaping still stands.
  }
}
