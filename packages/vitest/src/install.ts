import { relative } from 'node:path';
import {
  callerDirectory,
  closeScope,
  formatResult,
  guardInterrupts,
  hasLeaks,
  installHook,
  isPlatformSupported,
  judge,
  openScope,
  type ReaperOptions,
  type ResolvedOptions,
  registerInternalPath,
  resolveOptions,
  runInScope,
  type Scope,
  type ScopeResult,
  setProjectRoot,
  uninstallHook,
} from '@reaper/core';
import * as vitest from 'vitest';
import { fullName, type TaskLike } from './names.js';

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

/**
 * Installs reaper for the current test file; the `@reaper/vitest/setup` file calls it with the
 * plugin's options. Each test is a scope, checked after all of the user's hooks (an outermost
 * `aroundEach`); each describe block and the file are scopes checked after their afterAll hooks.
 * Concurrent tests each spawn into their own scope (the scope travels with the async context).
 */
export function installReaper(options: ReaperVitestOptions = {}): void {
  const resolved = resolveOptions(options, { source: '@reaper/vitest' });
  if (resolved.mode === 'off') return;
  if (!isPlatformSupported()) {
    console.warn(`reaper: ${process.platform} is not supported yet; leaked processes are not checked.`);
    return;
  }
  const root = process.env.REAPER_VITEST_ROOT || process.cwd();
  installHook();
  // Ctrl-C or a CI cancel that reaches this worker, or a worker left without its parent: what the
  // running test and file spawned is ended before the worker goes.
  const unguard = guardInterrupts(resolved);
  setProjectRoot(root);
  registerInternalPath(callerDirectory());

  const fileOf = (task: TaskLike) => {
    const path = task.filepath ?? task.file?.filepath;
    return path ? relative(root, path).split('\\').join('/') : null;
  };

  const check = async (scope: Scope, task: SuiteTask, annotateWith?: TestContextLike['annotate']) => {
    const result = await closeScope(scope, resolved);
    // A scope that spawned nothing has nothing to say (and most tests spawn nothing).
    if (result.spawned.length === 0 && result.leaked.length === 0) return;
    task.meta.reaper = [...(task.meta.reaper ?? []), result];
    if (annotateWith) await annotate(annotateWith, task, result);
    raise(result, resolved, root);
  };

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
      const scope = openScope({
        scope: kind,
        file: fileOf(suite),
        test: kind === 'file' ? null : fullName(suite),
      });
      if (kind === 'file') wrapDescribeBlocks(suite, (child) => wrapSuite('suite', child));
      try {
        await runInScope(scope, runSuite);
      } finally {
        try {
          await check(scope, suite);
        } finally {
          if (kind === 'file') {
            unguard();
            uninstallHook();
          }
        }
      }
    };

  vitest.aroundAll(wrapSuite('file') as never, timeoutOf(resolved));

  vitest.aroundEach(
    (async (runTest: () => Promise<void>, { task, annotate: annotateTask }: TestContextLike) => {
      const scope = openScope({ scope: 'test', file: fileOf(task), test: fullName(task) });
      try {
        await runInScope(scope, runTest);
      } finally {
        await check(scope, task, annotateTask);
      }
    }) as never,
    timeoutOf(resolved),
  );
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

function timeoutOf(options: ResolvedOptions): number {
  // Long enough for the whole ladder, on top of whatever the suite itself takes.
  return options.settleMs + options.graceMs + options.killWaitMs + 10_000;
}

function raise(result: ScopeResult, options: ResolvedOptions, root: string): void {
  const verdict = judge(result, options.mode, root);
  if (verdict.action === 'warn') console.warn(verdict.message);
  // Its stack is one frame at the spawn site: Vitest shows that line (github-actions points at it).
  if (verdict.action === 'fail') throw verdict.error;
}

type Annotate = (message: string, type?: string) => Promise<unknown>;
interface TestContextLike {
  task: SuiteTask;
  annotate?: Annotate;
}

/**
 * A leaking test also gets an annotation, which Vitest's junit reporter (and any reporter that
 * shows annotations) prints without extra setup. Vitest refuses annotations once a test finished,
 * so the state is "run" for the duration of the call.
 */
async function annotate(
  annotateTask: Annotate | undefined,
  task: SuiteTask,
  result: ScopeResult,
): Promise<void> {
  if (!hasLeaks(result) || typeof annotateTask !== 'function') return;
  const state = (task as { result?: { state: string } }).result;
  const saved = state?.state;
  try {
    if (state) state.state = 'run';
    await annotateTask(formatResult(result), 'reaper');
  } catch {
    // An annotation is a courtesy; the failure itself carries the report.
  } finally {
    if (state && saved !== undefined) state.state = saved;
  }
}
