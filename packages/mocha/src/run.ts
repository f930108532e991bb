import type { ReaperOptions } from '@reaper/core';
import { type ChannelRun, startChannelRun } from '@reaper/core/adapter';
import { MOCHA } from './support.js';

/**
 * reaper in Mocha's main process. `mochaGlobalSetup` starts the run there, before Mocha starts any
 * worker (`--parallel` workers inherit the results channel and the root). A run ends at
 * `mochaGlobalTeardown`, after Mocha's own summary — except under `--watch`, where the global
 * fixtures run once for the whole session: there each serial run ends with its root suite, in this
 * same process (a `--parallel` watch session ends at Ctrl-C).
 */
export interface MainRun {
  /** `mochaGlobalSetup`, with its `this`: Mocha passes its runner, except in watch mode. */
  start(context: unknown): void;
  /** The root suite starts in this process: reopens the results channel after a finished run. */
  beginHere(): void;
  /** The root suite ended in this process: the run's report now. Undefined when it is not this process's run. */
  finishHere(): Error | undefined;
  /** `mochaGlobalTeardown`: the report of a run not finished yet (parallel mode, an interrupted watch run). */
  end(): void;
}

export function createMainRun(options: ReaperOptions | undefined): MainRun {
  let run: ChannelRun | undefined;
  /** Results may be waiting: the run started, or a watch re-run began, and no report was written since. */
  let pending = false;
  /** Mocha runs the global teardown right after this run: the report waits for it. */
  let teardownEndsRun = false;

  const finish = (): Error | undefined => {
    if (!run || !pending) return undefined;
    pending = false;
    return run.finish();
  };

  return {
    start(context) {
      teardownEndsRun = isRunner(context);
      // Off, nothing runs in the workers, and the run's report (when one is asked for) says `skipped`.
      run = startChannelRun({
        runner: MOCHA,
        options,
        source: '@reaper/mocha',
        root: process.cwd(),
      });
      pending = true;
    },
    beginHere() {
      if (!run) return;
      run.reopen();
      pending = true;
    },
    finishHere: () => (teardownEndsRun ? undefined : finish()),
    end() {
      const error = finish();
      if (error) throw error;
    },
  };
}

/** Mocha's runner (an event emitter with the root suite), which it passes to global fixtures when not watching. */
function isRunner(context: unknown): boolean {
  const runner = context as { on?: unknown; suite?: unknown } | undefined;
  return typeof runner?.on === 'function' && typeof runner.suite === 'object';
}
