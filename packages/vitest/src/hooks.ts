import type { Scope, Worker } from '@reaper/core/adapter';
import * as vitest from 'vitest';
import type { Annotate } from './annotate.js';
import { check, type SuiteTask } from './check.js';
import { fullName } from './names.js';

type SuiteHook = (suite: SuiteTask) => unknown;
interface SuiteHooks {
  beforeAll: SuiteHook[];
  afterAll: SuiteHook[];
}
interface TestContextLike {
  task: SuiteTask;
  onTestFinished: (fn: () => Promise<void>, timeoutMs?: number) => void;
  annotate?: Annotate;
}

/** A suite's three hooks of ours: first beforeAll, last beforeAll, afterAll. */
interface SuiteGuard {
  head: SuiteHook;
  tail: SuiteHook;
  after: SuiteHook;
}

/**
 * Vitest 3 (and any Vitest without `aroundEach`/`aroundAll`), with plain hooks:
 * - a test is a scope from the first beforeEach (ours, registered first, on the file) to the last
 *   `onTestFinished` callback (ours, registered first: Vitest runs them in reverse), after every
 *   afterEach, beforeEach cleanup and fixture teardown of the user's;
 * - the file and each describe block are scopes from their first beforeAll (ours) to after their
 *   afterAll hooks and the cleanups their beforeAll hooks returned (see `guardSuite`).
 * Scopes are current by nesting (the innermost open one), not by async context: concurrent tests,
 * and describe blocks that run concurrently, open none, and what they spawn is their block's.
 */
export function installWithHooks(worker: Worker): void {
  const fileOf = (task: SuiteTask) => worker.fileOf(task.filepath ?? task.file?.filepath);
  const opened: OpenSuite[] = [];
  const file = guardSuite(worker, fileOf, 'file', opened, () => worker.stop());

  vitest.beforeAll(async (suite: SuiteTask) => {
    const cleanup = file.head(suite);
    const getHooks = await loadGetHooks();
    if (getHooks) {
      getHooks(suite).beforeAll.push(file.tail);
      guardDescribeBlocks(suite, getHooks, () => guardSuite(worker, fileOf, 'suite', opened));
    }
    return cleanup;
  }, worker.hookTimeoutMs);
  vitest.afterAll(file.after as never, worker.hookTimeoutMs);

  let lacking = false;
  vitest.beforeEach(
    // Vitest reads fixtures from the first parameter's source: it must be a destructuring pattern.
    async ({ task, onTestFinished, annotate }: TestContextLike) => {
      if (lacking || task.concurrent) return;
      if (typeof onTestFinished !== 'function') {
        lacking = true;
        opened.splice(0);
        worker.lacks('`onTestFinished` in the test context');
        return;
      }
      const scope = worker.open({
        scope: 'test',
        file: fileOf(task),
        test: fullName(task),
        declaredAt: task.location?.line,
      });
      onTestFinished(() => check(worker, scope, task, annotate), worker.hookTimeoutMs);
    },
    worker.hookTimeoutMs,
  );
}

/** A suite scope that is open, and the task (file or describe block) it is checked at. */
interface OpenSuite {
  scope: Scope;
  task: SuiteTask;
}

/**
 * Checks a suite's scope once, after everything of the user's at its end. Its first beforeAll
 * (`head`) opens the scope; the cleanups returned by `head` and by its last beforeAll (`tail`) run
 * after every afterAll hook, and the second of them to run comes after the user's cleanups too
 * (Vitest runs cleanups in reverse, or in order with `sequence.hooks: 'list'`): that one checks.
 * When a beforeAll threw, Vitest runs no cleanup: then the afterAll of ours checks. When an afterAll
 * threw, Vitest runs neither: the block's scope is still in `opened`, and its parent checks it.
 */
function guardSuite(
  worker: Worker,
  fileOf: (task: SuiteTask) => string | null,
  kind: 'file' | 'suite',
  opened: OpenSuite[],
  onChecked?: () => void,
): SuiteGuard {
  let scope: Scope | undefined;
  let tailRan = false;
  let cleanupsDue = 0;
  const checkOnce = async () => {
    const at = opened.findIndex((open) => open.scope === scope);
    if (at < 0) return;
    const [own, ...skipped] = opened.splice(at) as [OpenSuite, ...OpenSuite[]];
    const errors: unknown[] = [];
    try {
      // Blocks inside this one that never reached their check: theirs is made here, at this block.
      for (const block of [...skipped.reverse(), own]) {
        await check(worker, block.scope, own.task).catch((error: unknown) => errors.push(error));
      }
    } finally {
      onChecked?.();
    }
    // Vitest reports each error of an array.
    if (errors.length > 0) throw errors.length === 1 ? errors[0] : errors;
  };
  const cleanup = async () => {
    cleanupsDue -= 1;
    if (cleanupsDue === 0) await checkOnce();
  };
  return {
    head(suite) {
      scope = worker.open({
        scope: kind,
        file: fileOf(suite),
        test: kind === 'file' ? null : fullName(suite),
      });
      opened.push({ scope, task: suite });
      tailRan = false;
      cleanupsDue = 2;
      return cleanup;
    },
    tail() {
      tailRan = true;
      return cleanup;
    },
    async after() {
      if (!tailRan) await checkOnce();
    },
  };
}

/** Every describe block of the file gets our hooks, around the user's (run before any of them). */
function guardDescribeBlocks(
  suite: SuiteTask,
  getHooks: (suite: SuiteTask) => SuiteHooks,
  guardFor: () => SuiteGuard,
): void {
  for (const child of suite.tasks ?? []) {
    if (child.type !== 'suite' || child.concurrent) continue;
    const guard = guardFor();
    const hooks = getHooks(child);
    hooks.beforeAll.unshift(guard.head);
    hooks.beforeAll.push(guard.tail);
    // Vitest runs afterAll hooks in reverse: the first is the last.
    hooks.afterAll.unshift(guard.after);
    guardDescribeBlocks(child, getHooks, guardFor);
  }
}

/** Vitest 3's `getHooks`, which gives a describe block's hook lists (Vitest 5 has no `vitest/suite`). */
async function loadGetHooks(): Promise<((suite: SuiteTask) => SuiteHooks) | undefined> {
  try {
    // A variable: Vite, which transforms this file when isolation is off, must not resolve it.
    const specifier = 'vitest/suite';
    const suiteApi = (await import(specifier)) as { getHooks?: (suite: SuiteTask) => SuiteHooks };
    return suiteApi.getHooks;
  } catch {
    return undefined;
  }
}
