import type { ReaperOptions } from '@reaper/core';
import { followFile, followSubtest } from './file.js';
import { followRun } from './run.js';
import { isRunnerRoot, type TapTest } from './tap.js';

export type ReaperTapOptions = ReaperOptions;

/** A tap plugin: the function tap applies to every test object it makes. */
export type ReaperTapPlugin = (t: TapTest) => object;

/**
 * reaper as a tap plugin with `options` (validated where the run and each file start; the
 * environment's REAPER_* settings win). tap's plugin list takes a package or a file that tap's
 * build compiles with TypeScript, so `@reaper/tap` exports the plugin made with none; `allow` has
 * no environment variable, and is not settable from tap's config yet.
 */
export function createReaperPlugin(options: ReaperTapOptions = {}): ReaperTapPlugin {
  /** Tests reaper already follows: tap applies every plugin again to a test given one more (`t.applyPlugin`). */
  const followed = new WeakSet<TapTest>();
  // It is applied to the `tap` command's own root test, each test file's root `TAP` object and
  // each subtest, and adds nothing to their interface.
  return (t) => {
    if (!followed.has(t)) {
      followed.add(t);
      if (t.parent) followSubtest(t);
      else if (isRunnerRoot(t)) followRun(t, options);
      else followFile(t, options);
    }
    return {};
  };
}
