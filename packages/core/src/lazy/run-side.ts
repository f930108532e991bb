// The run's part of the kit: what only a runner's main process (or a shared run's file) does — the
// results read back, the report built, written and summed up. A test worker never loads it: built
// into a file of its own (`dist/adapter-run.cjs`) that `parts.ts` loads on first use.
export { startChannelRun } from '../adapter/channel-run.js';
export { startRun } from '../adapter/run.js';
export { joinSharedRun } from '../adapter/shared-run.js';
