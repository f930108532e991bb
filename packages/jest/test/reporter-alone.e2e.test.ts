import { expect, it } from 'vitest';
import { killMarked } from '../../../test-support/processes.js';
import { runJest } from './run-jest.js';

it('the reporter without the setup file: said in one line, the report skipped, never called clean', async () => {
  try {
    const run = await runJest({
      files: {
        'jest.config.js': `module.exports = {
  testEnvironment: 'node',
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
};
`,
        'a.test.js': `const { spawn } = require('child_process');
test('leaks', () => {
  spawn('sleep', ['481'], { stdio: 'ignore' }).unref();
});
`,
      },
    });
    expect(run.output).toContain('Tests:       1 passed');
    expect(run.output.match(/^reaper: .*$/gm)).toEqual([
      "reaper: no test file of this run ran @reaper/jest; leaked processes are NOT checked in this run. List '@reaper/jest/setup' in `setupFilesAfterEnv` (or a file of yours that calls `installReaper`): the reporter alone checks nothing.",
      'reaper: skipped — no test file of this run ran @reaper/jest; nothing was checked; report: <project>/reaper-report.json',
    ]);
    expect(run.report).toMatchObject({
      status: 'skipped',
      skipReason: 'no test file of this run ran @reaper/jest',
    });
  } finally {
    // Unchecked, the leak is nobody's to end: this test ends it.
    killMarked();
  }
});
