import { it } from 'vitest';
import { diedFile, diedTestFile, expectDiedRun } from '../../../test-support/died-scenarios.js';
import { runMocha } from './run-mocha.js';

it('--parallel: a file whose worker died before its checks ran is reported unfinished, with what was checked', async () => {
  expectDiedRun(
    await runMocha({
      args: ['--parallel', '--jobs', '2', diedFile, 'other.test.js'],
      files: {
        '.mocharc.json': JSON.stringify({ require: ['@reaper/mocha'] }),
        [diedFile]: diedTestFile({ format: 'cjs', timeout: 'mocha' }),
        'other.test.js': `it('runs in another worker', () => {});\n`,
      },
    }),
  );
});
