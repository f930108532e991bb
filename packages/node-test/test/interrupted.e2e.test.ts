import { it } from 'vitest';
import * as interrupt from '../../../test-support/interrupt-scenarios.js';
import { runNodeTest } from './run-node-test.js';

it('SIGTERM mid-test ends the run, and its report says what was checked', async () => {
  const stop = interrupt.interruptWhenServing('SIGTERM');
  const run = await runNodeTest({
    node: process.execPath,
    files: {
      [interrupt.hangingFile]: interrupt.hangingTestFile({
        format: 'cjs',
        imports: "const { describe, it } = require('node:test');",
      }),
    },
    whileRunning: stop.whileRunning,
  });
  await interrupt.expectInterruptedRun(run, stop.server(), {
    file: interrupt.hangingFile,
    signal: 'SIGTERM',
  });
});
