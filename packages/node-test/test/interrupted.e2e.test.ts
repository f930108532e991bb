import { it } from 'vitest';
import {
  expectInterruptedRun,
  hangingFile,
  hangingTestFile,
  serverStarted,
} from '../../../test-support/interrupt-scenarios.js';
import { runNodeTest } from './run-node-test.js';

it('SIGTERM mid-test ends the run, and its report says what was checked', async () => {
  let server = 0;
  const run = await runNodeTest({
    node: process.execPath,
    files: {
      [hangingFile]: hangingTestFile({
        format: 'cjs',
        imports: "const { describe, it } = require('node:test');",
      }),
    },
    whileRunning: async (runner, dir) => {
      server = await serverStarted(dir);
      runner.kill('SIGTERM');
    },
  });
  await expectInterruptedRun(run, server, { file: hangingFile, signal: 'SIGTERM' });
});
