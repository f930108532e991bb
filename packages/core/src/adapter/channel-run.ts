import type { ResolvedOptions } from '../options.js';
import { drainResultsChannel, openResultsChannel, readResultsChannel } from './channel.js';
import { type RunSettings, startRun } from './run.js';

/**
 * A run whose workers send their results on the results channel (`openResultsChannel`): the
 * channel is opened with the run (not when reaper is off), read when the run is interrupted, and
 * drained when it finishes.
 */
export interface ChannelRun {
  readonly options: ResolvedOptions;
  readonly root: string;
  /**
   * The run is over: its report from everything the workers sent (see `Run.finish`; `testsRan`,
   * the tests that ran, not skipped). The channel stays closed until `reopen`.
   */
  finish(testsRan?: number): Error | undefined;
  /** A new run of a watch session begins: the channel is opened again (none when one is open, or when off). */
  reopen(): void;
}

/**
 * Starts a run in the runner's main process, as `startRun`, with the results channel its workers
 * inherit: call it before the runner starts any worker.
 */
export function startChannelRun(settings: Omit<RunSettings, 'checked'>): ChannelRun {
  let channel: string | undefined;
  const run = startRun({
    ...settings,
    // Between two runs of a watch session nothing is under way: the last run's report stands.
    checked: () => (channel ? readResultsChannel(channel) : undefined),
  });
  const reopen = () => {
    if (run.options.mode !== 'off') channel ??= openResultsChannel();
  };
  reopen();
  return {
    options: run.options,
    root: run.root,
    finish(testsRan) {
      const contents = channel ? drainResultsChannel(channel) : [];
      channel = undefined;
      return run.finish(contents, testsRan);
    },
    reopen,
  };
}
