import { it } from 'vitest';
import {
  expectInterruptedRun,
  hangingFile,
  hangingTestFile,
  serverStarted,
} from '../../../test-support/interrupt-scenarios.js';
import { runMocha } from './run-mocha.js';

it.each([
  ['serial', []],
  ['--parallel', ['--parallel', '--jobs', '2']],
] as const)('%s: Ctrl-C mid-test ends the run, and its report says what was checked', async (_, args) => {
  let server = 0;
  const run = await runMocha({
    args: [...args, hangingFile],
    files: {
      '.mocharc.json': JSON.stringify({ require: ['@reaper/mocha'] }),
      [hangingFile]: hangingTestFile({ format: 'cjs', timeout: 'mocha' }),
    },
    whileRunning: async (_mocha, dir) => {
      server = await serverStarted(dir);
    },
  });
  await expectInterruptedRun(run, server, { file: hangingFile, signal: 'SIGINT' });
});
