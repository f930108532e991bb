// Jest overhead: 400 tests that spawn nothing and 200 tests that each spawn and await one short
// process, with and without @reaper/jest, in one run. (Jest 30 reliably takes its config only as
// jest.config.* at the root: one project per variant, with identical test files.)
import { join } from 'node:path';
import { compare, makeProject, removeProject, testBodies, timeRun } from './runner-overhead.mjs';

const jestBin = join(import.meta.dirname, '..', 'packages', 'jest', 'node_modules', 'jest', 'bin', 'jest.js');
const api = { header: "const { spawn } = require('node:child_process');" };

function files(kind, total, perFile, config) {
  const out = { 'jest.config.js': `module.exports = ${config};` };
  for (let f = 0; f < total / perFile; f++) out[`t${f}.test.js`] = testBodies(kind, perFile, api);
  return out;
}

export async function benchJest(rounds) {
  const out = {};
  for (const [kind, total] of [
    ['nospawn', 400],
    ['spawn', 200],
  ]) {
    const withReaper = makeProject(files(kind, total, 50, "{ setupFilesAfterEnv: ['@reaper/jest/setup'] }"));
    const without = makeProject(files(kind, total, 50, '{}'));
    try {
      const run = (dir) => () => timeRun([jestBin, '--ci', '--silent'], dir);
      out[kind] = await compare(run(withReaper), run(without), rounds);
    } finally {
      removeProject(withReaper);
      removeProject(without);
    }
  }
  return {
    rows: [
      [
        'jest, 400 tests that spawn nothing',
        out.nospawn.with,
        `without reaper ${out.nospawn.without.toFixed(0)} ms`,
        out.nospawn.with / out.nospawn.without,
      ],
      [
        'jest, 200 tests that spawn one process',
        out.spawn.with,
        `without reaper ${out.spawn.without.toFixed(0)} ms`,
        out.spawn.with / out.spawn.without,
      ],
    ],
    figures: {
      jestNoSpawnRatio: out.nospawn.with / out.nospawn.without,
      jestSpawnMsPerTest: (out.spawn.with - out.spawn.without) / 200,
    },
  };
}
