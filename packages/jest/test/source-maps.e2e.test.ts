import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { failureOf, runJest } from './run-jest.js';

const require = createRequire(import.meta.url);

// Test files run one after another in one worker, in the order of their names.
const sequencer = `
module.exports = class ByName {
  shard(tests) { return tests; }
  sort(tests) { return [...tests].sort((a, b) => a.path.localeCompare(b.path)); }
  allFailedTests(tests) { return tests; }
  cacheResults() {}
};
`;

const config = (transform: string) => `module.exports = {
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
  testSequencer: '<rootDir>/sequencer.js',
  ${transform}
};
`;

const tsJest = {
  'jest.config.js': config(
    `transform: { '^.+\\\\.ts$': ['ts-jest', { diagnostics: false }] }, testMatch: ['**/*.test.ts'],`,
  ),
  'tsconfig.json':
    '{ "compilerOptions": { "module": "commonjs", "esModuleInterop": true, "target": "ES2022" } }',
  'sequencer.js': sequencer,
  'worker.js': 'setInterval(() => {}, 1000);\n',
  // Compiled, the fork() call moves to another line and column (helpers, `(0, x.fork)`).
  'src/client/client.ts': `import * as path from 'node:path';
import { type ChildProcess, fork } from 'node:child_process';

export interface ClientOptions {
  name: string;
}

/** Starts the client's worker process, which the caller is expected to stop. */
export function startClient(options: ClientOptions): ChildProcess {
  const script = path.join(__dirname, '..', '..', 'worker.js');
  return fork(script, [options.name], { stdio: 'ignore' });
}
`,
  'test/leaks.test.ts': `
import { startClient } from '../src/client/client';
test('leaks a client', () => {
  expect(startClient({ name: 'leaked' }).pid).toBeGreaterThan(0);
});
`,
};
const clientSite = /spawned at src\/client\/client\.ts:11:\d+ via test\/leaks\.test\.ts:\d+:\d+\n/;

describe.each(['jest30', 'jest29'] as const)('%s, ts-jest, two test files in one worker', (jest) => {
  it('maps the spawn site in a shared module after a file that failed to load', async () => {
    const run = await runJest({
      jest,
      args: ['-w', '1'],
      files: {
        ...tsJest,
        // Its setup ran, its tests never did: its copy of reaper is the one whose hook stays.
        'test/a-broken.test.ts': `throw new Error('broken at load');\n`,
      },
    });
    expect(run.output).toMatch(/FAIL test\/a-broken\.test\.ts[\s\S]*FAIL test\/leaks\.test\.ts/);
    expect(run.output).toMatch(clientSite);
    // Jest's code frame and the frame under it point at the fork() call, not somewhere else.
    const failure = failureOf(run.output, 'leaks a client');
    expect(failure).toContain("> 11 |   return fork(script, [options.name], { stdio: 'ignore' });");
    expect(failure).toMatch(/at src\/client\/client\.ts:11:\d+/);
    expect(run.report?.entries.flatMap((e) => e.leaked.map((l) => l.spawnedAt))).toEqual([
      expect.stringMatching(/^src\/client\/client\.ts:11:\d+$/),
    ]);
    expect(findMarked()).toEqual([]);
  });
});

describe('jest29: a file whose hooks never run keeps its hook installed', () => {
  it('ts-jest: maps the spawn site after a file whose tests were all skipped', async () => {
    const run = await runJest({
      jest: 'jest29',
      args: ['-w', '1'],
      files: {
        ...tsJest,
        'test/a-skipped.test.ts': `test.skip('not now', () => {});\n`,
      },
    });
    expect(run.output).toMatch(/FAIL test\/leaks\.test\.ts/);
    expect(run.output).toMatch(clientSite);
    expect(findMarked()).toEqual([]);
  });

  it('babel-jest: maps the spawn site after a file whose tests were all skipped', async () => {
    const preset = require.resolve('@babel/preset-env', { paths: [import.meta.dirname] });
    const run = await runJest({
      jest: 'jest29',
      args: ['-w', '1'],
      files: {
        'jest.config.js': config(''),
        'babel.config.js': `module.exports = { presets: [['${preset}', { targets: { node: 'current' } }]] };`,
        'sequencer.js': sequencer,
        'src/client.js': `import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const home = join('a', 'b');

export function startClient(seconds) {
  return spawn('sleep', [String(seconds)]);
}
`,
        'test/a-skipped.test.js': `test.skip('not now', () => {});\n`,
        'test/leaks.test.js': `
import { startClient } from '../src/client';
test('leaks a sleep', () => { startClient(362); });
`,
      },
    });
    expect(run.output).toMatch(/FAIL test\/leaks\.test\.js/);
    expect(run.output).toMatch(
      /sleep 362 {2}\(child\) terminated by SIGTERM in N ms, spawned at src\/client\.js:7:\d+ via test\/[\w.-]+:\d+:\d+\n/,
    );
    expect(findMarked()).toEqual([]);
  });
});
