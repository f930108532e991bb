import type { RunnerSupport } from '@reaper/core/adapter';

/**
 * The Mocha majors this adapter is tested on; supported from 8.2.0 on (peer range in package.json:
 * `>=8`), where global fixtures, where a run starts and writes its report, came in. A later major
 * is checked, with a line saying it was not tested.
 */
export const MOCHA: RunnerSupport = {
  id: 'mocha',
  name: 'Mocha',
  packageName: 'mocha',
  adapter: '@reaper/mocha',
  majors: [8, 9, 10, 11, 12],
  since: '8.2.0',
};
