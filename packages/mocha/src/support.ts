import type { RunnerSupport } from '@reaper/core/adapter';

/**
 * The Mocha majors this adapter is tested on (peer range in package.json: 8 and later). Global
 * fixtures, where a run starts and writes its report, came in Mocha 8.2.0.
 */
export const MOCHA: RunnerSupport = {
  id: 'mocha',
  name: 'Mocha',
  packageName: 'mocha',
  adapter: '@reaper/mocha',
  majors: [8, 9, 10, 11],
  since: '8.2.0',
};
