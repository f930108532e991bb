import type { ReaperOptions } from '@reaper/core';
import { callerDirectory, type Scope, startWorker, type Worker } from '@reaper/core/adapter';
import { filesOf, fullName, type HookContext, type HookFn, type MochaSuite } from './mocha.js';
import type { MainRun } from './run.js';
import { orderRootHooks, wrapDescribeBlocks } from './suites.js';
import { MOCHA } from './support.js';

/** Mocha's root hook object: what `mochaHooks` holds. */
export interface MochaRootHooks {
  beforeAll: HookFn;
  beforeEach: HookFn;
  afterEach: HookFn;
  afterAll: HookFn;
}

/**
 * The root hooks, for one root suite at a time (a whole serial run, one file in a `--parallel`
 * worker, each re-run of `--watch`). Each test is a scope from the first root beforeEach to after
 * the last afterEach; a leak fails that test with `this.test.error()` (Mocha's own way for an
 * afterEach to fail its test: the rest of the block still runs). Each describe block is a scope from
 * before its first beforeAll to after its last afterAll; a leak there fails that afterAll hook.
 */
export function createRootHooks(options: ReaperOptions | undefined, main: MainRun): MochaRootHooks {
  let worker: Worker | undefined;
  let rootScope: Scope | undefined;
  let testScope: Scope | undefined;

  const hooks: MochaRootHooks = {
    beforeAll(this: HookContext) {
      main.beginHere();
      worker = startWorker({ runner: MOCHA, options, source: '@reaper/mocha', adapterDirectory });
      if (!worker) return;
      const active = worker;
      const root = this.test.parent as MochaSuite;
      const missing = missingInternal(this, root);
      if (missing) {
        worker = undefined;
        active.lacks(missing);
        return;
      }
      orderRootHooks(root, Object.values(hooks));
      const files = [...filesOf(root)];
      // A `--parallel` worker runs one file per root suite; a serial run puts every file in one.
      rootScope =
        files.length === 1
          ? active.open({ scope: 'file', file: active.fileOf(files[0]), test: null })
          : active.open({ scope: 'run', file: null, test: null });
      wrapDescribeBlocks(root, (block) => {
        let scope: Scope | undefined;
        return {
          open() {
            scope = active.open({ scope: 'suite', file: active.fileOf(block.file), test: fullName(block) });
          },
          async check(this: HookContext) {
            this.timeout(active.hookTimeoutMs);
            const error = await check(active, scope);
            if (error) throw error;
          },
        };
      });
    },
    beforeEach(this: HookContext) {
      const test = this.currentTest;
      testScope = worker?.open({
        scope: 'test',
        file: worker.fileOf(test?.file),
        test: test ? fullName(test) : null,
      });
    },
    async afterEach(this: HookContext) {
      if (!worker) return;
      this.timeout(worker.hookTimeoutMs);
      const scope = testScope;
      testScope = undefined;
      const error = await check(worker, scope);
      if (error) this.test.error(error);
    },
    async afterAll(this: HookContext) {
      let error: Error | undefined;
      try {
        if (worker) {
          this.timeout(worker.hookTimeoutMs);
          error = await check(worker, rootScope);
        }
      } finally {
        worker?.stop();
        worker = undefined;
        rootScope = undefined;
        error ??= main.finishHere();
      }
      if (error) throw error;
    },
  };
  // Mocha titles a hook after its function: `"after all" hook: reaper for "<last test>"`.
  for (const hook of Object.values(hooks)) Object.defineProperty(hook, 'name', { value: 'reaper' });
  return hooks;
}

const adapterDirectory = callerDirectory();

/** The first of Mocha's internals that reaper relies on (mocha.ts) that this Mocha lacks. */
function missingInternal(context: HookContext, root: MochaSuite | undefined): string | undefined {
  if (typeof context.test?.error !== 'function') return "a hook's `this.test.error()`";
  if (!root || !Array.isArray(root.suites) || !Array.isArray(root.tests))
    return "the root suite's `suites` and `tests`";
  const lists = [root._beforeAll, root._beforeEach, root._afterEach, root._afterAll];
  if (!lists.every(Array.isArray)) return "a suite's hook lists (`_beforeAll`, `_afterEach`, …)";
  if (typeof root.beforeAll !== 'function' || typeof root.afterAll !== 'function')
    return "a suite's `beforeAll()` and `afterAll()`";
  return undefined;
}

/** Checks a scope and sends its result to the main process; the error to fail with, if any. */
async function check(worker: Worker, scope: Scope | undefined): Promise<Error | undefined> {
  if (!scope || scope.closed) return undefined;
  const checked = await worker.check(scope);
  if (!checked) return undefined;
  return checked.verdict.action === 'fail' ? checked.verdict.error : undefined;
}
