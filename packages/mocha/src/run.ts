import type { ReaperOptions } from '@reaper/core';
import { drainResultsChannel, openResultsChannel, type Run, startRun } from '@reaper/core/adapter';
import { MOCHA } from './support.js';

/**
 * reaper in Mocha's main process. `mochaGlobalSetup` starts the run there, before Mocha starts any
 * worker (`--parallel` workers inherit the results channel and the root). A run ends where its
 * root suite ends when that is this same process (serial mode, and each re-run of `--watch`);
 * otherwise (`--parallel`) at `mochaGlobalTeardown`, once every worker is done.
 */
export interface MainRun {
  /** `mochaGlobalSetup`. */
  start(): void;
  /** The root suite starts in this process: reopens the results channel after a finished run. */
  beginHere(): void;
  /** The root suite ended in this process: the run's report now. Undefined when it is not this process's run. */
  finishHere(): Error | undefined;
  /** `mochaGlobalTeardown`: the report of a run not finished yet (parallel mode, an interrupted watch run). */
  end(): void;
}

export function createMainRun(options: ReaperOptions | undefined): MainRun {
  let run: Run | undefined;
  let channel: string | undefined;
  /** Results may be waiting: the run started, or a watch re-run began, and no report was written since. */
  let pending = false;

  const finish = (): Error | undefined => {
    if (!run || !pending) return undefined;
    pending = false;
    const results = channel ? drainResultsChannel(channel) : [];
    channel = undefined;
    return run.finish(results);
  };

  return {
    start() {
      run = startRun({ runner: MOCHA, options, source: '@reaper/mocha', root: process.cwd() });
      if (run.options.mode === 'off') {
        run = undefined;
        return;
      }
      channel = openResultsChannel();
      pending = true;
    },
    beginHere() {
      if (!run) return;
      channel ??= openResultsChannel();
      pending = true;
    },
    finishHere: finish,
    end() {
      const error = finish();
      if (error) throw error;
    },
  };
}
