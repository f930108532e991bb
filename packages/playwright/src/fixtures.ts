import { test as base } from '@playwright/test';
import type { ReaperOptions } from '@reaper/core';
import { callerDirectory, startWorker } from '@reaper/core/adapter';
import { followBlocks } from './blocks.js';
import { createScopes, type PlaywrightScopes, type TestInfo } from './scopes.js';
import { type ConfigLike, PLAYWRIGHT, projectRoot } from './support.js';

export type ReaperPlaywrightOptions = ReaperOptions;

/** The fixtures `reaperFixtures` adds: `reaperOptions` is an option (`test.use({ reaperOptions })`). */
export interface ReaperTestFixtures {
  _reaperTest: undefined;
}
export interface ReaperWorkerFixtures {
  /** reaper's options in the workers (`allow`, `mode`, the ladder's times); REAPER_* variables win. */
  reaperOptions: ReaperPlaywrightOptions;
  _reaperWorker: PlaywrightScopes | undefined;
}

const adapterDirectory = callerDirectory();
// Before any test file declares its hooks (they load `@reaper/playwright` first).
followBlocks(base);
const currentInfo = () => base.info() as unknown as TestInfo;

type WorkerInfoLike = { config: ConfigLike };
type Use<T> = (value: T) => Promise<void>;

/**
 * reaper's fixtures, to add to a test of one's own: `base.extend(reaperFixtures)`. A worker
 * fixture starts reaper in the worker and, torn down after every other worker fixture (Playwright's
 * browser among them), checks what the worker's fixtures and the test files' `beforeAll`/`afterAll`
 * hooks left; a test fixture, set up before and torn down after every other fixture and hook of
 * the test, checks the test. Both are automatic, and unbounded by Playwright's timeouts: the
 * ladder bounds them.
 */
export const reaperFixtures = {
  reaperOptions: [{}, { scope: 'worker', option: true }],
  _reaperWorker: [
    async (
      { reaperOptions }: { reaperOptions: ReaperPlaywrightOptions },
      use: Use<PlaywrightScopes | undefined>,
      workerInfo: WorkerInfoLike,
    ) => {
      const worker = startWorker({
        runner: PLAYWRIGHT,
        options: reaperOptions,
        source: '@reaper/playwright',
        adapterDirectory,
        root: projectRoot(workerInfo.config),
      });
      if (!worker) {
        await use(undefined);
        return;
      }
      const scopes = createScopes(worker, currentInfo);
      await use(scopes);
      const error = await scopes.end();
      if (error) throw error;
    },
    { scope: 'worker', auto: true, timeout: 0 },
  ],
  _reaperTest: [
    async (
      { _reaperWorker }: { _reaperWorker: PlaywrightScopes | undefined },
      use: Use<undefined>,
      testInfo: TestInfo,
    ) => {
      if (!_reaperWorker) {
        await use(undefined);
        return;
      }
      await _reaperWorker.beginTest(testInfo);
      await use(undefined);
      await _reaperWorker.endTest(testInfo);
    },
    { auto: true, timeout: 0 },
  ],
} as const;
