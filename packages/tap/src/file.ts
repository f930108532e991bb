import type { ReaperOptions, ScopeResult } from '@reaper/core';
import {
  callerDirectory,
  checkRunnerVersion,
  INTERNAL_VARS,
  joinSharedRun,
  runInScope,
  type Scope,
  type SharedRun,
  shareNoticesWithSiblings,
  skipReason,
  startWorker,
  type Worker,
} from '@reaper/core/adapter';
import { aroundRunMain } from './outermost.js';
import { TAP } from './support.js';
import { fullName, missingInternal, type TapTest } from './tap.js';

/** reaper in one test file's process: its worker, the file's name and every open test's scope. */
interface FileState {
  worker: Worker;
  file: string | null;
  scopes: WeakMap<TapTest, Scope>;
  /** What this file's scopes left or spawned, for a run kept by its files. */
  results: ScopeResult[];
}

let state: FileState | undefined;

const adapterDirectory = callerDirectory();

/**
 * A test file's root `TAP` object: the file is a scope from now on (what the file's top level and
 * its `t.before`/`t.teardown` spawn), checked once the root test is over.
 */
export function followFile(root: TapTest, options: ReaperOptions): void {
  const run = joinRunnersRun(options);
  const worker = startWorker({ runner: TAP, options, source: '@reaper/tap', adapterDirectory });
  if (!worker) {
    const reason = notCheckedReason(options);
    if (reason) run?.finishFile([], reason);
    return;
  }
  const missing = missingInternal(root);
  if (missing) {
    worker.lacks(missing);
    run?.finishFile([]);
    return;
  }
  const file = worker.fileOf(process.argv[1]);
  const scope = worker.open({ scope: 'file', file, test: null });
  const current: FileState = { worker, file, scopes: new WeakMap([[root, scope]]), results: [] };
  state = current;
  aroundRunMain(root, (runRoot, done) =>
    runRoot(() => {
      void checkFile(current, scope)
        .then(() => run?.finishFile(current.results))
        .finally(done);
    }),
  );
}

/**
 * The run, when tap's runner does not keep it: a runner whose Test class was built before
 * `@reaper/tap` was in its plugin list (tap rebuilds it for a new list in the run that finds it,
 * after its own was loaded; in CI, every run from a fresh install) has set nothing for its files. Then the run is kept by its test files (`joinSharedRun`, by the runner's pid): each
 * file's end writes the run's report again, so that after the last file it holds the whole run.
 */
function joinRunnersRun(options: ReaperOptions): SharedRun | undefined {
  // A runner with the plugin sets the project root for its files whatever it checks (mode `off`,
  // a refused tap): then its report is its own.
  if (!process.env.TAP_CHILD_ID || process.env[INTERNAL_VARS.root]) return undefined;
  // Every file's process of the run would say the same line: it is said once among them.
  shareNoticesWithSiblings();
  try {
    return joinSharedRun({
      runner: TAP,
      options,
      source: '@reaper/tap',
      root: process.cwd(),
      mainPid: process.ppid,
    });
  } catch {
    // A wrong option is refused by startWorker, with its message; a tmpdir that cannot be written
    // loses the run's report, never the tests' failures.
    return undefined;
  }
}

/** Why this file's process checks nothing, for the run's `skipped` report; undefined when it checks. */
function notCheckedReason(options: ReaperOptions): string | undefined {
  if ((process.env.REAPER_MODE ?? options.mode) === 'off')
    return `mode is 'off' (${process.env.REAPER_MODE === 'off' ? 'REAPER_MODE=off' : 'the `mode` option'})`;
  return skipReason() ?? checkRunnerVersion(TAP, process.cwd()).refused?.reason;
}

/**
 * A subtest (`t.test`): a scope from before its first beforeEach hook to after its last afterEach
 * hook, its `t.teardown` functions and its own subtests included. Subtests that run at the same
 * time (`t.jobs`, buffered subtests) each spawn into their own scope: each runs inside it.
 */
export function followSubtest(t: TapTest): void {
  const current = state;
  if (!current || !t.parent) return;
  const { worker, file, scopes, results } = current;
  aroundRunMain(t, (runTest, done) => {
    const parent = t.parent && scopes.get(t.parent);
    const scope = worker.open({ scope: 'test', file, test: fullName(t), parent });
    scopes.set(t, scope);
    runInScope(scope, () =>
      runTest(() => {
        void check(worker, scope, results)
          .then(
            (error) => error && t.threw(error),
            (error: unknown) => t.threw(error),
          )
          .finally(done);
      }),
    );
  });
}

/** Checks a scope (its result kept in `results`); the error to fail its test with, if it leaked. */
async function check(worker: Worker, scope: Scope, results: ScopeResult[]): Promise<Error | undefined> {
  const checked = await worker.check(scope);
  if (checked) results.push(checked.result);
  return checked?.verdict.action === 'fail' ? checked.verdict.error : undefined;
}

/**
 * Checks the file once its root test is over. tap has printed the file's results by then, so a
 * leak is printed on stderr and fails the file's process: the runner fails the file, with what
 * the process printed.
 */
async function checkFile({ worker, results }: FileState, scope: Scope): Promise<void> {
  try {
    const error = await check(worker, scope, results);
    if (error) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    }
  } finally {
    worker.stop();
    state = undefined;
  }
}
