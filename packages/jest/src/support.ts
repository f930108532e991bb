import type { RunnerSupport } from '@reaper/core/adapter';

/**
 * The Jest majors this adapter is tested on, jest-circus and jest-jasmine2 alike; supported from 24
 * on (a later major is checked, with a line saying it was not tested; an older one is refused at
 * run time, with one line and a `skipped` report).
 */
export const JEST: RunnerSupport = {
  id: 'jest',
  name: 'Jest',
  packageName: 'jest',
  adapter: '@reaper/jest',
  majors: [24, 25, 26, 27, 28, 29, 30],
};
