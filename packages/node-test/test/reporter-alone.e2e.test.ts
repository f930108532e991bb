import { expect, it } from 'vitest';
import { killMarked } from '../../../test-support/processes.js';
import { runNodeTest } from './run-node-test.js';

it('the reporter without the preload: said in one line, the report skipped, never called clean', async () => {
  try {
    const run = await runNodeTest({
      node: process.execPath,
      preload: [],
      files: {
        'a.test.js': `const { test } = require('node:test');
const { spawn } = require('node:child_process');
test('leaks', () => {
  spawn('sleep', ['482'], { stdio: 'ignore' }).unref();
});
`,
      },
    });
    expect(run.code).toBe(0);
    expect(run.output.match(/^reaper: .*$/gm)).toEqual([
      'reaper: no test file of this run ran @reaper/node-test; leaked processes are NOT checked in this run. Preload it in the test files: `node --test --import @reaper/node-test` (the reporter alone checks nothing).',
      'reaper: skipped — no test file of this run ran @reaper/node-test; nothing was checked; report: <project>/reaper-report.json',
    ]);
    expect(run.report).toMatchObject({
      status: 'skipped',
      skipReason: 'no test file of this run ran @reaper/node-test',
    });
  } finally {
    // Unchecked, the leak is nobody's to end: this test ends it.
    killMarked();
  }
});
