import { it } from 'vitest';
import { diedFile, expectDiedRun } from '../../../test-support/died-scenarios.js';
import { runTap } from './run-tap.js';
import { tapFile } from './tap-file.js';

// The died corpus's file (diedTestFile is in the describe/it style tap does not have): its first
// test leaks and is checked, its second SIGKILLs its own process.
const diedTest = tapFile('cjs', `const { spawn } = require('node:child_process');`, 'dies', [
  { title: 'leaks a child', body: `spawn('sleep', ['421'], { stdio: 'ignore' });` },
  { title: 'ends its own process', body: `process.kill(process.pid, 'SIGKILL');` },
]);

it('tap 21: a file whose process died before its checks ran is reported unfinished, with what was checked', async () => {
  expectDiedRun(
    await runTap({
      commonjs: true,
      files: { [diedFile]: diedTest, 'other.test.js': `require('tap').pass('runs in another process');\n` },
    }),
  );
}, 240_000);
