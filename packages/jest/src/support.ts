import type { RunnerSupport } from '@reaper/core/adapter';

/**
 * The Jest majors this adapter is tested on; supported from 27 on (a later major is checked, with a
 * line saying it was not tested). The peer range (`>=24`) lets Jest 24–26 install: those are
 * refused at run time, with one line and a `skipped` report.
 */
export const JEST: RunnerSupport = {
  id: 'jest',
  name: 'Jest',
  packageName: 'jest',
  adapter: '@reaper/jest',
  majors: [27, 28, 29, 30],
};
