import { describe, expect, it } from 'vitest';
import { ONE_LEAK_SUMMARY } from '../../../test-support/mode-scenarios.js';
import { findMarked } from '../../../test-support/processes.js';
import { runTap } from './run-tap.js';

const leaksTest = `import t from 'tap';
import { spawn } from 'node:child_process';

t.test('leaks a direct child', async (t) => {
  spawn('sleep', ['401']);
  t.pass('spawned');
});
`;

const cleanTest = `import t from 'tap';

t.test('spawns nothing', async (t) => t.pass('ran'));
`;

// The one line and nothing else: tap finds @reaper/tap new in its config, and rebuilds its Test
// class with it during the run (tap 18.8 and later; tap 21 also looks the plugin up in the registry
// first, where it is not published yet, so this runs on tap 18). The runner itself was loaded
// before: that run's report is kept by its test files; the next run's by the runner.
describe('tap 18: the one line in package.json, and nothing else', () => {
  it('checks the first run (which rebuilds tap) and writes its report; the next run too', async () => {
    const run = await runTap({
      tap: 'tap18',
      prebuilt: false,
      twice: true,
      files: { 'test/leaks.test.js': leaksTest, 'test/clean.test.js': cleanTest },
    });
    const [first, second] = run.output.split('=== run 2 ===');
    for (const output of [first, second]) {
      expect(output).toMatch(/^\s+not ok \d+ - reaper: 1 process outlived test "leaks a direct child"/m);
      expect(output).toMatch(/^ok \d+ - test\/clean\.test\.js/m);
    }
    // The first run's report, from the files: the line of the file that leaked names it.
    expect(first).toContain(
      'reaper: 1 test leaked 1 process — all reaped; report: <project>/reaper-report.json',
    );
    // The second, from the runner, once at the end.
    expect(second).toContain(
      'reaper: 1 test leaked 1 process — all reaped; report: <project>/reaper-report.json',
    );
    expect(run.code).toBe(1);
    expect(run.report?.runner).toBe('tap');
    expect(run.report?.summary).toEqual(ONE_LEAK_SUMMARY);
    expect(findMarked()).toEqual([]);
  }, 240_000);
});
