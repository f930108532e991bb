import { runInScope, type Scope, type Worker } from '@reaper/core/adapter';
import * as vitest from 'vitest';
import type { Annotate } from './annotate.js';
import { check, type SuiteTask } from './check.js';
import { declarationIn, takeDeclarations } from './declarations.js';
import { fullName } from './names.js';

type AroundAll = (runSuite: () => Promise<void>, context: object, suite: SuiteTask) => Promise<void>;
interface RunnerStatics {
  getSuiteHooks?: (suite: SuiteTask) => { aroundAll?: AroundAll[] } | undefined;
}
interface TestContextLike {
  task: SuiteTask;
  annotate?: Annotate;
}

/** Whether this Vitest wraps tests and suites (`aroundEach`, `aroundAll`: Vitest 4.1 and later). */
export function hasAroundHooks(): boolean {
  const exports = vitest as unknown as { aroundEach?: unknown; aroundAll?: unknown };
  return typeof exports.aroundEach === 'function' && typeof exports.aroundAll === 'function';
}

/**
 * Each test is a scope, checked after all of the user's hooks (an outermost `aroundEach`); each
 * describe block and the file are scopes checked after their afterAll hooks (an outermost
 * `aroundAll`). In a file with concurrent tests each test spawns into its own scope (it travels with
 * the async context); elsewhere the innermost open scope is current.
 */
export function installAround(worker: Worker): void {
  const fileOf = (task: SuiteTask) => worker.fileOf(task.filepath ?? task.file?.filepath);
  // Where each test is declared, unless Vitest keeps it (`includeTaskLocation` set in the config).
  const declarations = takeDeclarations();
  /**
   * Whether scopes travel with the async context: only in a file with concurrent tests. Elsewhere
   * the innermost open scope is the current one (as under Jest), and no AsyncLocalStorage is
   * entered: on Node 20 and 22 that turns on async hooks for every promise of the worker, which
   * costs a file of 50 quick tests about 30 ms.
   */
  let followContext = false;
  const enter = (scope: Scope, fn: () => Promise<void>) => (followContext ? runInScope(scope, fn) : fn());

  /**
   * Wraps a suite (the file, or a describe block) so that what its beforeAll/afterAll spawn is its
   * own. A describe block's listener is bound to it: Vitest passes no suite to those.
   */
  const wrapSuite =
    (kind: 'file' | 'suite', bound?: SuiteTask): AroundAll =>
    // Vitest reads fixtures from the second parameter's source: it must be a destructuring pattern.
    // biome-ignore lint/correctness/noEmptyPattern: see above
    async (runSuite, {}, given) => {
      const suite = bound ?? given;
      const scope = worker.open({
        scope: kind,
        file: fileOf(suite),
        test: kind === 'file' ? null : fullName(suite),
      });
      if (kind === 'file') {
        followContext = hasConcurrentTests(suite);
        wrapDescribeBlocks(suite, (child) => wrapSuite('suite', child));
      }
      try {
        await enter(scope, runSuite);
      } finally {
        try {
          await check(worker, scope, suite);
        } finally {
          if (kind === 'file') worker.stop();
        }
      }
    };

  vitest.aroundAll(wrapSuite('file') as never, worker.hookTimeoutMs);

  vitest.aroundEach(
    (async (runTest: () => Promise<void>, { task, annotate: annotateTask }: TestContextLike) => {
      const scope = worker.open({
        scope: 'test',
        file: fileOf(task),
        test: fullName(task),
        declaredAt: task.location?.line ?? declarationIn(declarations, task),
      });
      try {
        await enter(scope, runTest);
      } finally {
        await check(worker, scope, task, annotateTask);
      }
    }) as never,
    worker.hookTimeoutMs,
  );
}

/** Whether any test or describe block under `suite` runs concurrently. */
function hasConcurrentTests(suite: SuiteTask): boolean {
  return (suite.tasks ?? []).some((task) => task.concurrent === true || hasConcurrentTests(task));
}

/** Every describe block of the file gets an outermost aroundAll of ours (where Vitest offers it). */
function wrapDescribeBlocks(suite: SuiteTask, listenerFor: (suite: SuiteTask) => AroundAll): void {
  const runner = (vitest as unknown as { TestRunner?: RunnerStatics }).TestRunner;
  if (!runner?.getSuiteHooks) return;
  for (const child of suite.tasks ?? []) {
    if (child.type !== 'suite') continue;
    runner.getSuiteHooks(child)?.aroundAll?.unshift(listenerFor(child));
    wrapDescribeBlocks(child, listenerFor);
  }
}
