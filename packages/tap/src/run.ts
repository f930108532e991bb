import type { ReaperOptions } from '@reaper/core';
import { startChannelRun } from '@reaper/core/adapter';
import { aroundRunMain } from './outermost.js';
import { TAP } from './support.js';
import type { TapTest } from './tap.js';

/**
 * reaper in the `tap` command's process, whose root test spawns every test file as a subtest: the
 * run starts when that root test is made (before any file's process, which inherits the results
 * channel and the project root), and its report is written once, when the root test is over (after
 * every file and tap's own teardown). Only a runner whose Test class was built with `@reaper/tap`
 * gets here: see `file.ts` for the run in which tap rebuilds it.
 */
export function followRun(root: TapTest, options: ReaperOptions): void {
  const run = startChannelRun({
    runner: TAP,
    options,
    source: '@reaper/tap',
    root: process.cwd(),
  });
  aroundRunMain(root, (runRoot, done) =>
    runRoot(() => {
      // A report that could not be written fails the run (the failure was said on stderr).
      if (run.finish()) process.exitCode = 1;
      done();
    }),
  );
}
