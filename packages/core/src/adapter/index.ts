// @reaper/core/adapter: what every runner adapter shares. An adapter is its runner's interface and
// nothing else: it starts a worker, opens and checks scopes at the runner's moments, raises a
// failure the runner's way, and finishes the run in the runner's main process.
export { INTERNAL_VARS, SETTING_VARS } from '../env.js';
export { describeValue, ReaperOptionError } from '../errors.js';
export { callerDirectory } from '../hook/own-code.js';
// The run's functions load the run's part on first use: a test worker never does.
export { joinSharedRun, startChannelRun, startRun } from '../lazy/run-calls.js';
export { resolveOptions } from '../options.js';
export type { Scope } from '../realm.js';
export { hasLeaks } from '../report/summary.js';
export type { Verdict } from '../report/verdict.js';
export { moveRecords, runInScope } from '../scope/registry.js';
export { wallNow } from '../wall-clock.js';
export { drainResultsChannel, openResultsChannel, readResultsChannel, sendResult } from './channel.js';
export type { ChannelRun } from './channel-run.js';
export { joinName, relativeFile } from './names.js';
export { noticeOnce, shareNoticesWithSiblings, skipReason } from './notice.js';
export { firstInRealm } from './once.js';
export { refuseAtLoad } from './refuse.js';
export type { Run, RunSettings } from './run.js';
export type { SharedRun, SharedRunSettings } from './shared-run.js';
export {
  checkRunnerVersion,
  type RunnerSupport,
  type RunnerVersionCheck,
  type UnsupportedRunner,
} from './version.js';
export { type Checked, startWorker, type Worker, type WorkerSettings } from './worker.js';
