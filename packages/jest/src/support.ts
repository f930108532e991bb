import type { RunnerSupport } from '@reaper/core/adapter';

/** The Jest majors this adapter is tested on (peer range in package.json). */
export const JEST: RunnerSupport = {
  id: 'jest',
  name: 'Jest',
  packageName: 'jest',
  adapter: '@reaper/jest',
  majors: [27, 28, 29, 30],
};
