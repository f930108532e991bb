import type { RunnerSupport } from '@reaper/core/adapter';

/**
 * The Vitest majors this adapter is tested on; supported from 3 on (peer range in package.json:
 * `>=3`). A later major is checked, with a line saying it was not tested.
 */
export const VITEST: RunnerSupport = {
  id: 'vitest',
  name: 'Vitest',
  packageName: 'vitest',
  adapter: '@reaper/vitest',
  majors: [3, 4, 5],
};
