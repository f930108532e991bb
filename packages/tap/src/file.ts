import {
  callerDirectory,
  INTERNAL_VARS,
  noticeOnce,
  runInScope,
  type Scope,
  shareNoticesWithSiblings,
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
}

let state: FileState | undefined;

const adapterDirectory = callerDirectory();

/**
 * A test file's root `TAP` object: the file is a scope from now on (what the file's top level and
 * its `t.before`/`t.teardown` spawn), checked once the root test is over.
 */
export function followFile(root: TapTest): void {
  if (process.env.TAP_CHILD_ID && !process.env[INTERNAL_VARS.results]) {
    // Every file's process of the run would say the same line: it is said once among them.
    shareNoticesWithSiblings();
    noticeOnce(RUNNER_WITHOUT_PLUGIN);
  }
  const worker = startWorker({ runner: TAP, options: {}, source: '@reaper/tap', adapterDirectory });
  if (!worker) return;
  const missing = missingInternal(root);
  if (missing) {
    worker.lacks(missing);
    return;
  }
  const file = worker.fileOf(process.argv[1]);
  const scope = worker.open({ scope: 'file', file, test: null });
  state = { worker, file, scopes: new WeakMap([[root, scope]]) };
  aroundRunMain(root, (runRoot, done) =>
    runRoot(() => {
      void checkFile(worker, scope).finally(done);
    }),
  );
}

/**
 * A subtest (`t.test`): a scope from before its first beforeEach hook to after its last afterEach
 * hook, its `t.teardown` functions and its own subtests included. Subtests that run at the same
 * time (`t.jobs`, buffered subtests) each spawn into their own scope: each runs inside it.
 */
export function followSubtest(t: TapTest): void {
  const current = state;
  if (!current || !t.parent) return;
  const { worker, file, scopes } = current;
  aroundRunMain(t, (runTest, done) => {
    const parent = t.parent && scopes.get(t.parent);
    const scope = worker.open({ scope: 'test', file, test: fullName(t), parent });
    scopes.set(t, scope);
    runInScope(scope, () =>
      runTest(() => {
        void check(worker, scope)
          .then(
            (error) => error && t.threw(error),
            (error: unknown) => t.threw(error),
          )
          .finally(done);
      }),
    );
  });
}

/** Checks a scope; the error to fail its test with, if it leaked. */
async function check(worker: Worker, scope: Scope): Promise<Error | undefined> {
  const checked = await worker.check(scope);
  return checked?.verdict.action === 'fail' ? checked.verdict.error : undefined;
}

/**
 * Checks the file once its root test is over. tap has printed the file's results by then, so a
 * leak is printed on stderr and fails the file's process: the runner fails the file, with what
 * the process printed.
 */
async function checkFile(worker: Worker, scope: Scope): Promise<void> {
  try {
    const error = await check(worker, scope);
    if (error) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    }
  } finally {
    worker.stop();
    state = undefined;
  }
}

const RUNNER_WITHOUT_PLUGIN =
  "reaper: tap's runner was built before @reaper/tap was added to its plugins (tap rebuilds its Test class for a new plugin list during the run that finds it, after its own was loaded): this run's tests are checked, but its report and summary are not written. The next run writes them; run `tap build` after installing to have them on every run.";
