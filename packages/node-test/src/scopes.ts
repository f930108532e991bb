import type { Scope, Worker } from '@reaper/core/adapter';
import { type ContextLike, loadNodeTest, nameOf } from './node-test.js';
import { wrapSuites } from './suites.js';

/**
 * Follows one test file through node:test's hooks, registered by the preloaded module before the
 * file is loaded. The file is a scope from now on, checked after its last after hook. A root
 * `beforeEach` (the first of every test's hooks) opens each test's scope and adds a `t.after` to
 * that test, which node:test runs after the test's last afterEach hook, and whose error fails that
 * test (Node 20, 22 and 24). Describe blocks are wrapped (suites.ts). Tests run one at a time within a file (node:test's default), so a spawn
 * belongs to the innermost open scope; the tests of a block with `concurrency` are that block's.
 */
export function followFile(worker: Worker, file: string | null): void {
  const nodeTest = loadNodeTest();
  const hooks = [nodeTest.before, nodeTest.after, nodeTest.beforeEach, nodeTest.describe];
  if (!hooks.every((hook) => typeof hook === 'function')) {
    worker.lacks("node:test's `before`, `after`, `beforeEach` and `describe`");
    return;
  }
  const options = { timeout: worker.hookTimeoutMs };
  /** Set once an internal is missing (`worker.lacks`): nothing more is opened or checked. */
  let lacking = false;
  const fileScope = worker.open({ scope: 'file', file, test: null });

  // The file's check must come after its last top-level after hook. A hook added to the root while
  // node:test runs the root's after hooks is run after the last of them (Node 20, 22, 24); ours is
  // the first of them (registered before the file is loaded), so it adds the check there.
  let root: ContextLike | undefined;
  nodeTest.before((context) => {
    root = context;
  }, options);
  nodeTest.after(() => {
    if (lacking) return;
    if (!root?.after) return checkFile(worker, fileScope);
    root.after(() => checkFile(worker, fileScope), options);
  }, options);

  // Blocks whose tests run at the same time: a test's spawns cannot be told from its siblings', so
  // they are the block's (the innermost open scope, when it is the only one running).
  const concurrentBlocks = new Set<string>();
  const inConcurrentBlock = (name: string) =>
    [...concurrentBlocks].some((block) => name.startsWith(`${block} > `));

  nodeTest.beforeEach((test) => {
    if (lacking || inConcurrentBlock(nameOf(test))) return;
    // A test's check runs in its own `t.after`: without one, nothing could be checked.
    if (typeof test.after !== 'function') {
      lacking = true;
      worker.lacks("a test context's `after()`");
      return;
    }
    const scope = worker.open({ scope: 'test', file, test: nameOf(test) });
    test.after(() => check(worker, scope), options);
  }, options);

  wrapSuites(
    nodeTest,
    (suite, concurrent) => {
      const name = nameOf(suite);
      if (inConcurrentBlock(name)) return async () => {};
      if (concurrent) concurrentBlocks.add(name);
      const scope = worker.open({ scope: 'suite', file, test: name });
      return () => check(worker, scope);
    },
    options,
  );
}

/** Checks a scope; a leak rejects with the error node:test shows for the test or block. */
async function check(worker: Worker, scope: Scope): Promise<void> {
  const checked = await worker.check(scope);
  if (!checked) return;
  if (checked.verdict.action !== 'fail') return;
  // node:test shows a failing block but counts only tests: the file's exit code fails the run.
  if (scope.kind !== 'test') process.exitCode = 1;
  throw checked.verdict.error;
}

/**
 * Checks the file. node:test loses an error thrown by a root hook (Node 20) or shows it as a test
 * named after this module (22, 24), so a leak is printed on stderr and fails the file's process:
 * node:test then fails the file, with what the process printed.
 */
async function checkFile(worker: Worker, scope: Scope): Promise<void> {
  try {
    await check(worker, scope);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
  } finally {
    worker.stop();
  }
}
