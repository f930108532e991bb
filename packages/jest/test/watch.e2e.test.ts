import type { Report } from '@reaper/core';
import { describe, it } from 'vitest';
import { driveRerun, expectRerunReports } from '../../../test-support/watch.js';
import { runJest } from './run-jest.js';

const leakyFile = (seconds: number) => `const { spawn } = require('child_process');
test('leaks', () => {
  spawn('sleep', ['${seconds}']);
});
test('is clean', async () => {
  const c = spawn('true');
  await new Promise((r) => c.once('exit', r));
});
`;

describe.each(['jest30', 'jest29'] as const)('%s --watchAll', (jest) => {
  it.each([
    ['in band', ['--runInBand']],
    ['in workers', ['--maxWorkers=2']],
  ])('%s: a re-run checks each test once, reports and reaps its own leak', async (_, args) => {
    const reports: Report[] = [];
    const run = await runJest({
      jest,
      // Without a TTY Jest watches all the same, non-interactively.
      args: ['--watchAll', ...args],
      env: { CI: '' },
      files: {
        'jest.config.js': `module.exports = {
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
};
`,
        'a.test.js': leakyFile(341),
        'b.test.js': "test('b is clean', () => {});\n",
      },
      // Jest re-runs everything when a file changes (--watchAll).
      whileRunning: (runner, dir) => driveRerun(runner, dir, 'a.test.js', leakyFile, 341, reports),
    });
    await expectRerunReports(reports, run.output, 341);
  });
});
