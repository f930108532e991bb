import { dirname } from 'node:path';
import type { RunnerSupport } from '@reaper/core/adapter';

/**
 * Playwright Test (`@playwright/test`), tested on 1.50 and 1.65; supported from 1.40.0 on (peer
 * range in package.json: `>=1.40`). Every release so far is major 1.
 */
export const PLAYWRIGHT: RunnerSupport = {
  id: 'playwright',
  name: 'Playwright Test',
  packageName: '@playwright/test',
  adapter: '@reaper/playwright',
  majors: [1],
  since: '1.40.0',
};

/** What reaper reads of Playwright's config, in the runner's process and in its workers. */
export interface ConfigLike {
  rootDir: string;
  configFile?: string;
}

/** The project's root: the config file's directory (Playwright's `rootDir` is the test directory). */
export function projectRoot(config: ConfigLike): string {
  return config.configFile ? dirname(config.configFile) : config.rootDir;
}
