import { isMainThread } from 'node:worker_threads';
import type { ReaperOptions } from '@reaper/core';
import {
  callerDirectory,
  checkRunnerVersion,
  firstInRealm,
  joinSharedRun,
  type SharedRun,
  shareNoticesWithSiblings,
  skipReason,
  startWorker,
} from '@reaper/core/adapter';
import { findAvaWorker } from './ava.js';
import { wrapChain } from './chain.js';
import { followFile } from './scopes.js';
import { AVA } from './support.js';

export type ReaperAvaOptions = ReaperOptions;

const adapterDirectory = callerDirectory();

/**
 * reaper in one AVA test worker (a thread, or a process with `workerThreads: false`), before its
 * test file loads: AVA calls it from `require: ['@reaper/ava']` (with the options of an
 * `['@reaper/ava', { … }]` entry). It hands the file a test chain whose every test and hook runs in
 * its scope (scopes.ts). AVA's main process runs nothing of a `require` module's: the run's report
 * is kept by its files (`joinSharedRun`). Only the first call in a worker counts.
 */
export function installReaper(options: ReaperAvaOptions = {}): void {
  if (!firstInRealm('reaper.ava.installed')) return;
  const ava = findAvaWorker(new Error().stack, process.cwd());
  const root = (typeof ava !== 'string' && ava.projectDir) || process.cwd();
  // AVA's main process runs nothing of reaper's: a line is said once per run, among the run's
  // threads (one process: the default) or among its worker processes (siblings).
  if (isMainThread) shareNoticesWithSiblings();
  const run = joinRun(options, root);
  const worker = startWorker({ runner: AVA, options, source: '@reaper/ava', adapterDirectory, root });
  if (!worker) {
    const reason = notCheckedReason(options, root);
    if (reason) run?.finishFile([], reason);
    return;
  }
  const lacking =
    typeof ava === 'string'
      ? ava
      : ava.flags.loadedMain
        ? 'its test chain: another `require` module loaded `ava` first (list `@reaper/ava` first)'
        : undefined;
  if (lacking || typeof ava === 'string') {
    worker.lacks(lacking ?? '');
    return;
  }
  const original = ava.refs.runnerChain!;
  const listener = followFile(worker, original, worker.fileOf(ava.file), (results) =>
    run?.finishFile(results),
  );
  ava.refs.runnerChain = wrapChain(original, listener);
}

/** The run of AVA's main process: this thread's process, or this process's parent. */
function joinRun(options: ReaperAvaOptions, root: string): SharedRun | undefined {
  try {
    return joinSharedRun({
      runner: AVA,
      options,
      source: '@reaper/ava',
      root,
      mainPid: isMainThread ? process.ppid : process.pid,
    });
  } catch {
    // A wrong option is refused by startWorker, with its message; a tmpdir that cannot be written
    // loses the run's report, never the tests' failures.
    return undefined;
  }
}

/** Why this worker checks nothing, for the run's `skipped` report; undefined when it checks. */
function notCheckedReason(options: ReaperAvaOptions, root: string): string | undefined {
  const off = (process.env.REAPER_MODE ?? options.mode) === 'off';
  if (off)
    return `mode is 'off' (${process.env.REAPER_MODE === 'off' ? 'REAPER_MODE=off' : 'the `mode` option'})`;
  return skipReason() ?? checkRunnerVersion(AVA, root).refused?.reason;
}
