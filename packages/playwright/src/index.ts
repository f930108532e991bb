// `import { test, expect } from '@reaper/playwright'`: Playwright Test's `test` with reaper's
// fixtures. A project with a fixtures file of its own adds them there: `base.extend(reaperFixtures)`.
import { test as base } from '@playwright/test';
import { type ReaperTestFixtures, type ReaperWorkerFixtures, reaperFixtures } from './fixtures.js';

// A drop-in for `@playwright/test`: everything it exports (`expect`, `chromium`, `devices`, …), and
// its `test` with reaper's fixtures.
export * from '@playwright/test';
export {
  type ReaperPlaywrightOptions,
  type ReaperTestFixtures,
  type ReaperWorkerFixtures,
  reaperFixtures,
} from './fixtures.js';

export const test = base.extend<ReaperTestFixtures, ReaperWorkerFixtures>(
  reaperFixtures as unknown as Parameters<typeof base.extend<ReaperTestFixtures, ReaperWorkerFixtures>>[0],
);
