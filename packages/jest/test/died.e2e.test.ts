import { it } from 'vitest';
import { diedFile, diedTestFile, expectDiedRun } from '../../../test-support/died-scenarios.js';
import { runJest } from './run-jest.js';

const config = `module.exports = {
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
};
`;

it('a file whose worker died before its checks ran is reported unfinished, with what was checked', async () => {
  expectDiedRun(
    await runJest({
      args: ['--maxWorkers=2'],
      files: {
        'jest.config.js': config,
        [diedFile]: diedTestFile({ format: 'cjs', timeout: 'argument' }),
        'other.test.js': `it('runs in another worker', () => {});\n`,
      },
    }),
  );
});
