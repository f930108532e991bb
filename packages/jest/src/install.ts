import type { ReaperOptions } from '@reaper/core';
import { getCircusState } from './circus.js';
import { followCircusEvents } from './circus-events.js';
import { followCircusHooks } from './circus-hooks.js';
import { loadKit } from './kit.js';
import { createFileScopes } from './scopes.js';
import { JEST } from './support.js';

export type ReaperJestOptions = ReaperOptions;

const INSTALLED = Symbol.for('reaper.jest.installed');

/**
 * Installs reaper for the current test file. Call it from a file listed in `setupFilesAfterEnv`
 * (`@reaper/jest/setup` calls it with no options). Each test becomes a scope: what it spawns in its
 * body and its beforeEach/afterEach hooks is checked after the last of the user's afterEach hooks;
 * what beforeAll/afterAll spawn belongs to their describe block (or the file) and is checked after
 * that block's last afterAll.
 */
export function installReaper(options: ReaperJestOptions = {}): void {
  const sandbox = globalThis as { [INSTALLED]?: boolean };
  if (sandbox[INSTALLED]) return;
  const { callerDirectory, startWorker } = loadKit();
  const worker = startWorker({
    options,
    source: '@reaper/jest',
    runner: JEST,
    adapterDirectory: callerDirectory(),
    // A transformer that starts a helper while a test runs is Jest's, not the test's.
    runnerPaths: ['/@jest/transform/'],
    // The kit lives outside this file's sandbox; spawn sites are formatted the sandbox's way.
    errorClass: Error,
  });
  if (!worker) return;
  sandbox[INSTALLED] = true;
  const scopes = createFileScopes(worker, worker.fileOf(expect.getState().testPath));
  const circus = getCircusState();
  if (circus && followCircusEvents(scopes)) return;
  followCircusHooks(scopes, circus, worker.hookTimeoutMs);
}
