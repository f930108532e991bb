import type { ReaperOptions, ScopeResult } from '@reaper/core';
import {
  type Checked,
  callerDirectory,
  runInScope,
  type Scope,
  startWorker,
  type Worker,
} from '@reaper/core/adapter';
import * as vitest from 'vitest';
import { type Annotate, annotate } from './annotate.js';
import { fullName, type TaskLike } from './names.js';
import { VITEST } from './support.js';

export type ReaperVitestOptions = ReaperOptions;

/** Where scope results travel to the reporter: `task.meta.reaper`. */
export interface ReaperMeta {
  reaper?: ScopeResult[];
}

type SuiteTask = TaskLike & { meta: ReaperMeta; tasks?: SuiteTask[] };
type AroundAll = (runSuite: () => Promise<void>, context: object, suite: SuiteTask) => Promise<void>;
interface RunnerStatics {
  getSuiteHooks?: (suite: SuiteTask) => { aroundAll?: AroundAll[] } | undefined;
}
interface TestContextLike {
  task: SuiteTask;
  annotate?: Annotate;
}

/**
 * Installs reaper for the current test file; the `@reaper/vitest/setup` file calls it with the
 * plugin's options. Each test is a scope, checked after all of the user's hooks (an outermost
 * `aroundEach`); each describe block and the file are scopes checked after their afterAll hooks.
 * Concurrent tests each spawn into their own scope (the scope travels with the async context).
 */
export function installReaper(options: ReaperVitestOptions = {}): void {
  const worker = startWorker({
    runner: VITEST,
    options,
    source: '@reaper/vitest',
    adapterDirectory: callerDirectory(),
  });
  if (!worker) return;
  const fileOf = (task: TaskLike) => worker.fileOf(task.filepath ?? task.file?.filepath);

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
      if (kind === 'file') wrapDescribeBlocks(suite, (child) => wrapSuite('suite', child));
      try {
        await runInScope(scope, runSuite);
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
      const scope = worker.open({ scope: 'test', file: fileOf(task), test: fullName(task) });
      try {
        await runInScope(scope, runTest);
      } finally {
        await check(worker, scope, task, annotateTask);
      }
    }) as never,
    worker.hookTimeoutMs,
  );
}

/**
 * Checks a scope; its result travels to the reporter in the task's meta, a leak fails the task. The
 * error's stack is one frame at the spawn site: Vitest shows that line (github-actions points at it).
 */
async function check(worker: Worker, scope: Scope, task: SuiteTask, annotateTask?: Annotate): Promise<void> {
  const checked: Checked | undefined = await worker.check(scope);
  if (!checked) return;
  task.meta.reaper = [...(task.meta.reaper ?? []), checked.result];
  if (annotateTask) await annotate(annotateTask, task, checked.result);
  if (checked.verdict.action === 'fail') throw checked.verdict.error;
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
