import { type Scope, sendResult, type Worker } from '@reaper/core/adapter';
import { loadNodeTest, nameOf } from './node-test.js';
import { wrapSuites } from './suites.js';

/**
 * Follows one test file through node:test's hooks, registered by the preloaded module before the
 * file is loaded. The file is a scope from now on; a root `beforeEach` (the first of every test's
 * hooks) opens each test's scope and adds a `t.after` to that test, which node:test runs after the
 * test's last afterEach hook, and whose error fails that test (Node 20, 22 and 24). Describe blocks
 * are wrapped (suites.ts). Tests run one at a time within a file (node:test's default): a scope
 * is the innermost open one.
 */
export function followFile(worker: Worker, file: string | null): void {
  const nodeTest = loadNodeTest();
  const options = { timeout: worker.hookTimeoutMs };
  const fileScope = worker.open({ scope: 'file', file, test: null });

  nodeTest.before((root) => {
    // Once the file is loaded: after the file's own top-level after hooks.
    root.after?.(() => checkFile(worker, fileScope), options);
  }, options);

  nodeTest.beforeEach((test) => {
    const scope = worker.open({ scope: 'test', file, test: nameOf(test) });
    test.after?.(() => check(worker, scope), options);
  }, options);

  wrapSuites(
    nodeTest,
    (suite) => {
      const scope = worker.open({ scope: 'suite', file, test: nameOf(suite) });
      return () => check(worker, scope);
    },
    options,
  );
}

/** Checks a scope; a leak rejects with the error node:test shows for the test or block. */
async function check(worker: Worker, scope: Scope): Promise<void> {
  const checked = await worker.check(scope);
  if (!checked) return;
  sendResult(checked.result);
  if (checked.verdict.action === 'fail') throw checked.verdict.error;
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
    process.exitCode = 1;
  } finally {
    worker.stop();
  }
}
