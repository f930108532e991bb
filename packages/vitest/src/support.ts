import type { RunnerSupport } from '@reaper/core/adapter';

/** The Vitest majors this adapter is tested on (peer range in package.json). */
export const VITEST: RunnerSupport = {
  id: 'vitest',
  name: 'Vitest',
  packageName: 'vitest',
  adapter: '@reaper/vitest',
  majors: [3, 4, 5],
};
