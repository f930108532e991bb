import type { RunnerSupport } from '@reaper/core/adapter';

/**
 * The Node majors whose built-in test runner this adapter is tested on; supported from 20 on (the
 * package's `engines`). Another major (an odd one, or one after 26) is checked, with a line saying
 * it was not tested.
 */
export const NODE_TEST: RunnerSupport = {
  id: 'node-test',
  name: 'Node',
  adapter: '@reaper/node-test',
  // node:test is part of Node: its version is Node's.
  version: process.versions.node,
  majors: [20, 22, 24, 26],
};
