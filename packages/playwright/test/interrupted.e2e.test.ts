import { expect, it } from 'vitest';
import { hangingFile, hangingTestFile, serverStarted } from '../../../test-support/interrupt-scenarios.js';
import { eventually, findMarked, isAlive, killMarked } from '../../../test-support/processes.js';
import { runPlaywright } from './run-playwright.js';

// The interrupt corpus's file (test-support/interrupt-scenarios.ts) in Playwright's syntax.
const style = {
  format: 'cjs' as const,
  imports: "const { test } = require('@reaper/playwright');\nconst { describe } = test;\nconst it = test;",
};

it('Ctrl-C mid-test: Playwright cuts the test and still tears it down; its leak is checked, nothing is left', async () => {
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
    // Playwright stops gracefully (the guard leaves the first signal to it): the cut test is torn
    // down, and reaper's check of it runs, as the first test's did.
    expect(run.output).toMatch(/^ +1 interrupted$/m);
    expect(run.output).toContain('reaper: 1 process outlived test "hang > leaks before"');
    expect(run.output).toContain('reaper: 1 process outlived test "hang > starts a server and hangs"');
    expect(run.report?.entries.map((e) => `${e.test} ${e.leaked.map((p) => p.command)}`)).toEqual([
      'hang > leaks before sleep 393',
      'hang > starts a server and hangs sleep 392',
    ]);
    expect(run.report?.unfinished).toBeUndefined();
    // One summary line: the run's end, not an interim one at the signal.
    expect(run.output.match(/^reaper: \d+ tests? leaked/gm)).toHaveLength(1);
  } finally {
    killMarked();
  }
});
