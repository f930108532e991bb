import { isMainThread } from 'node:worker_threads';
import type { ReaperOptions, ScopeResult } from '@reaper/core';
import { callerDirectory, shareNoticesWithSiblings, startWorker } from '@reaper/core/adapter';
import { hasAroundHooks, installAround } from './around.js';
import { installWithHooks } from './hooks.js';
import { VITEST } from './support.js';

export type ReaperVitestOptions = ReaperOptions;

/** Where scope results travel to the reporter: `task.meta.reaper`. */
export interface ReaperMeta {
  reaper?: ScopeResult[];
}

/**
 * Installs reaper for the current test file; the `@reaper/vitest/setup` file calls it with the
 * plugin's options. Each test, each describe block and the file are scopes, each checked after the
 * user's hooks: with `aroundEach`/`aroundAll` where Vitest has them (4.1 and later), else with
 * beforeAll/beforeEach/afterAll and `onTestFinished` (Vitest 3 and 4.0).
 */
export function installReaper(options: ReaperVitestOptions = {}): void {
  // Each of Vitest's fork processes would say the same line (the setup file without the plugin,
  // whose main process says it): it is said once among them.
  if (isMainThread && process.env.VITEST_POOL_ID && typeof process.send === 'function') {
    shareNoticesWithSiblings();
  }
  const worker = startWorker({
    runner: VITEST,
    options,
    source: '@reaper/vitest',
    adapterDirectory: callerDirectory(),
  });
  if (!worker) return;
  if (hasAroundHooks()) installAround(worker);
  else installWithHooks(worker);
}
