import type { RunnerSupport } from '@reaper/core/adapter';

/** The Mocha majors this adapter is tested on (peer range in package.json). */
export const MOCHA: RunnerSupport = {
  id: 'mocha',
  name: 'Mocha',
  packageName: 'mocha',
  adapter: '@reaper/mocha',
  majors: [10, 11],
};
