import type { ReaperOptions } from '@reaper/core';
import {
  callerDirectory,
  firstInRealm,
  INTERNAL_VARS,
  noticeOnce,
  shareNoticesWithSiblings,
  startWorker,
} from '@reaper/core/adapter';
import { IN_PROCESS_REASON, runsFilesInProcess } from './isolation.js';
import { followFile } from './scopes.js';
import { NODE_TEST } from './support.js';

export type ReaperNodeTestOptions = ReaperOptions;

/**
 * Installs reaper in a test file's process under `node --test`: `--import @reaper/node-test` calls
 * it with the options of the environment; a preload module of your own calls it with options in
 * code (`allow`). Each test is a scope checked after its last afterEach hook; each describe block
 * and the file are scopes checked after their last after hook. Only the first call counts.
 */
export function installReaper(options: ReaperNodeTestOptions = {}): void {
  if (!firstInRealm('reaper.node-test.installed')) return;
  if (!isTestFileProcess()) {
    if (runsFilesInProcess()) {
      noticeOnce(
        `reaper: ${IN_PROCESS_REASON}; leaked processes are NOT checked in this run. Keep each file in its own process (the default), or gate the run with \`reaper run -- node --test …\` (@reaper/cli).`,
      );
    }
    return;
  }
  // Each test file's process would say the same line: it is said once among them.
  shareNoticesWithSiblings();
  const worker = startWorker({
    runner: NODE_TEST,
    options,
    source: '@reaper/node-test',
    adapterDirectory: callerDirectory(),
  });
  if (!worker) return;
  followFile(worker, worker.fileOf(process.argv[1]));
}

/**
 * Whether this is a test file's process: `node --test` starts one per file with NODE_TEST_CONTEXT
 * set, and loads `--import` modules only there. What that process starts inherits the variable
 * (and `fork()` the `--import`): the file's process marks itself, and a process that inherits the
 * mark is not a test file's.
 */
function isTestFileProcess(): boolean {
  if (!process.env.NODE_TEST_CONTEXT) return false;
  const mark = process.env[INTERNAL_VARS.nodeTestFile];
  if (mark && mark !== String(process.pid)) return false;
  process.env[INTERNAL_VARS.nodeTestFile] = String(process.pid);
  return true;
}
