// The kit's run functions as it exports them: each loads the run's part on its first call (see
// `parts.ts`), so a test worker that never starts a run never loads the report code.
import type { ChannelRun } from '../adapter/channel-run.js';
import type { Run, RunSettings } from '../adapter/run.js';
import type { SharedRun, SharedRunSettings } from '../adapter/shared-run.js';
import { runSide } from './parts.js';

/** See `adapter/run.ts`. */
export function startRun(settings: RunSettings): Run {
  return runSide().startRun(settings);
}

/** See `adapter/channel-run.ts`. */
export function startChannelRun(settings: Omit<RunSettings, 'checked'>): ChannelRun {
  return runSide().startChannelRun(settings);
}

/** See `adapter/shared-run.ts`. */
export function joinSharedRun(settings: SharedRunSettings): SharedRun {
  return runSide().joinSharedRun(settings);
}
