import { followFile, followSubtest } from './file.js';
import { followRun } from './run.js';
import { isRunnerRoot, type TapTest } from './tap.js';

/** Tests reaper already follows: tap applies every plugin again to a test given one more (`t.applyPlugin`). */
const followed = new WeakSet<TapTest>();

/**
 * The plugin tap applies to every test it makes: the runner's root test (the `tap` command's
 * process), each test file's root `TAP` object, and each subtest. It adds nothing to the tests'
 * interface.
 */
export function plugin(t: TapTest): object {
  if (!followed.has(t)) {
    followed.add(t);
    if (t.parent) followSubtest(t);
    else if (isRunnerRoot(t)) followRun(t);
    else followFile(t);
  }
  return {};
}
