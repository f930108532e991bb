// Jest overhead: 400 tests that spawn nothing and 200 tests that each spawn and await one short
// process, with and without @reaper/jest, in one run. (Jest 30 reliably takes its config only as
// jest.config.* at the root: one project per variant, with identical test files.)
import { join } from 'node:path';
import { benchRunner, makeProject, testBodies } from './runner-overhead.mjs';

const jestBin = join(import.meta.dirname, '..', 'packages', 'jest', 'node_modules', 'jest', 'bin', 'jest.js');
const api = { header: "const { spawn } = require('node:child_process');" };

function project(kind, total, withReaper) {
  const config = withReaper ? "{ setupFilesAfterEnv: ['@reaper/jest/setup'] }" : '{}';
  const files = { 'jest.config.js': `module.exports = ${config};` };
  for (let f = 0; f < total / 50; f++) files[`t${f}.test.js`] = testBodies(kind, 50, api);
  return makeProject(files);
}

export function benchJest(rounds) {
  return benchRunner({
    name: 'jest',
    prefix: 'jest',
    rounds,
    project,
    command: [jestBin, '--ci', '--silent'],
  });
}
