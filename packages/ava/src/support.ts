import type { RunnerSupport } from '@reaper/core/adapter';

/**
 * The AVA majors this adapter is tested on; supported from 6.0.0 on (peer range in package.json:
 * `>=6`). A later major is checked, with a line saying it was not tested.
 */
export const AVA: RunnerSupport = {
  id: 'ava',
  name: 'AVA',
  packageName: 'ava',
  adapter: '@reaper/ava',
  majors: [6, 7],
};
