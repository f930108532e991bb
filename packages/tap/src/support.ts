import type { RunnerSupport } from '@reaper/core/adapter';

/**
 * The node-tap majors this adapter is tested on; supported from 18 on (peer range in package.json:
 * `>=18`), the first built on plugins. A major the list does not name is checked, with one line
 * saying it was not tested.
 */
export const TAP: RunnerSupport = {
  id: 'tap',
  name: 'tap',
  packageName: 'tap',
  adapter: '@reaper/tap',
  majors: [18, 21],
};
