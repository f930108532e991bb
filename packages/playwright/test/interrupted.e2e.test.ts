import { expect, it } from 'vitest';
import { hangingFile, hangingTestFile, serverStarted } from '../../../test-support/interrupt-scenarios.js';
import { eventually, findMarked, isAlive, killMarked } from '../../../test-support/processes.js';
import { runPlaywright } from './run-playwright.js';

// The interrupt corpus's file (test-support/interrupt-scenarios.ts) in Playwright's syntax.
const style = {
  format: 'cjs' as const,
  imports: "const { test } = require('@reaper/playwright');\nconst { describe } = test;\nconst it = test;",
};

it('Ctrl-C mid-test ends the run, nothing is left, and the report says what was checked', async () => {
  let server = 0;
  try {
    const run = await runPlaywright({
      playwright: 'playwright165',
      files: {
        'playwright.config.js': `module.exports = {
  testDir: '.',
  workers: 1,
  reporter: [['list'], ['@reaper/playwright/reporter', { outputFile: 'reaper-report.json' }]],
};
`,
        [hangingFile]: hangingTestFile(style),
      },
      async whileRunning(_runner, dir) {
        server = await serverStarted(dir);
      },
      stopSignal: 'SIGINT',
    });
    // The server the hanging test started is gone with the run; nothing is left.
    expect(server).toBeGreaterThan(0);
    expect(await eventually(() => !isAlive(server), 5000)).toBe(true);
    expect(findMarked()).toEqual([]);
    // The first test's leak was checked and failed it; the worker that hung never finished its checks.
    expect(run.output).toContain('reaper: 1 process outlived test "hang > leaks before"');
    expect(run.report?.entries.map((e) => `${e.test} ${e.leaked.map((p) => p.command)}`)).toEqual([
      'hang > leaks before sleep 393',
    ]);
    expect(run.report?.unfinished).toHaveLength(1);
    expect(run.report?.unfinished?.[0]?.file).toBeNull();
  } finally {
    killMarked();
  }
});
