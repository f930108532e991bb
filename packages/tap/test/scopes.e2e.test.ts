import { describe, expect, it } from 'vitest';
import { withBystander } from '../../../test-support/bystander.js';
import { expectOffReport } from '../../../test-support/off-report.js';
import { killMarked } from '../../../test-support/processes.js';
import { spawnedAndLeaked } from '../../../test-support/report-lines.js';
import { runTap } from './run-tap.js';

// Subtests that run at the same time (t.jobs, buffered): each leak is its own subtest's, while the
// others are still running.
const parallelTest = `import t from 'tap';
import { spawn } from 'node:child_process';

t.jobs = 3;
for (const n of [431, 432, 433]) {
  t.test('leaks ' + n + ' beside the others', { buffered: true }, async (t) => {
    spawn('sleep', [String(n)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    t.pass('spawned');
  });
}
t.test('runs at the same time, and is clean', { buffered: true }, async (t) => {
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.pass('ran');
});
`;

// The file's own scope: its top level and its top-level teardown. The leaked child is unref'd,
// so it does not hold the file's process (which would keep tap's root test from ending).
const fileTest = `import t from 'tap';
import { spawn } from 'node:child_process';

const server = spawn('sleep', ['300']);
t.teardown(() => {
  server.kill();
  return new Promise((resolve) => server.once('exit', resolve));
});
spawn('sleep', ['434'], { stdio: 'ignore' }).unref();
t.test('uses what the file started', async (t) => t.pass('ran'));
`;

// Left unchecked, a leak must not hold its file's process (tap would time the file out).
const uncheckedTest = `import t from 'tap';
import { spawn } from 'node:child_process';

t.test('leaks, unchecked', async (t) => {
  spawn('sleep', ['441'], { stdio: 'ignore' }).unref();
  t.pass('spawned');
});
`;

const cleanTest = `import t from 'tap';

t.test('spawns nothing', async (t) => t.pass('ran'));
`;

describe('tap 21', () => {
  it(
    'subtests at the same time each own their leak; the file owns its top level; a bystander lives',
    () =>
      withBystander(async () => {
        const run = await runTap({
          files: {
            'test/parallel.test.js': parallelTest,
            'test/file.test.js': fileTest,
            'test/clean.test.js': cleanTest,
          },
          env: { REAPER_HTML: 'reaper-report.html' },
        });
        expect(run.code).toBe(1);
        for (const n of [431, 432, 433]) {
          expect(run.output).toMatch(
            new RegExp(
              `not ok \\d+ - reaper: 1 process outlived test "leaks ${n} beside the others" .*└─ PID sleep ${n} {2}\\(child\\) terminated by SIGTERM in N ms, spawned at test/parallel\\.test\\.js:7:5$`,
              'm',
            ),
          );
        }
        expect(run.output).toMatch(/^\s+ok \d+ - runs at the same time, and is clean/m);
        // The file's leak: after tap printed the file's results, on stderr; tap fails the file.
        expect(run.output).toContain(
          'reaper: 1 process outlived file test/file.test.js\n  └─ PID sleep 434  (child) terminated by SIGTERM in N ms, spawned at test/file.test.js:9:1',
        );
        expect(run.output).toMatch(/^not ok \d+ - test\/file\.test\.js/m);
        expect(run.output).toMatch(/^ok \d+ - test\/clean\.test\.js/m);
        expect(run.output.match(/^reaper: .* leaked .*$/gm)).toEqual([
          'reaper: 3 tests and 1 file leaked 4 processes — all reaped; report: <project>/reaper-report.json; html: <project>/reaper-report.html',
        ]);
        expect(spawnedAndLeaked(run.report)).toEqual([
          'file test/file.test.js null: sleep 300,sleep 434 / sleep 434 (child)',
          'test test/parallel.test.js leaks 431 beside the others: sleep 431 / sleep 431 (child)',
          'test test/parallel.test.js leaks 432 beside the others: sleep 432 / sleep 432 (child)',
          'test test/parallel.test.js leaks 433 beside the others: sleep 433 / sleep 433 (child)',
        ]);
      }),
    240_000,
  );

  it.each([
    [
      '22.0.0',
      'reaper: tap 22.0.0 is newer than @reaper/tap was tested on (tested: tap 18, tap 21); checking anyway.',
    ],
    [
      '20.0.3',
      'reaper: tap 20.0.3 is not a version @reaper/tap was tested on (tested: tap 18, tap 21); checking anyway.',
    ],
  ])(
    'a tap %s is checked, with one line for the run',
    async (version, line) => {
      const run = await runTap({
        fakeVersion: version,
        files: { 'test/parallel.test.js': parallelTest, 'test/clean.test.js': cleanTest },
      });
      expect(run.output.split('\n').filter((text) => text === line)).toHaveLength(1);
      expect(run.report?.summary.leakedScopes).toBe(3);
      expect(run.code).toBe(1);
    },
    240_000,
  );

  it('refuses a tap older than 18 in one line, with a skipped report; the tests run unchanged', async () => {
    const run = await runTap({
      fakeVersion: '17.0.0',
      files: { 'test/unchecked.test.js': uncheckedTest },
    });
    const refusal =
      'reaper: tap 17.0.0 is not supported by @reaper/tap (supported: tap 18 and later); leaked processes are NOT checked in this run. Use a supported tap, or gate the whole run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.';
    expect(run.output.split('\n').filter((text) => text === refusal)).toHaveLength(1);
    expect(run.output).toContain(
      'reaper: skipped — tap 17.0.0 is not supported by @reaper/tap; nothing was checked; report: <project>/reaper-report.json',
    );
    expect(run.report).toMatchObject({ status: 'skipped', entries: [] });
    expect(run.output).not.toContain('outlived');
    // Unchecked, the leaks live on: this test ends them.
    expect(killMarked()).toHaveLength(1);
  }, 240_000);

  it('REAPER_MODE=off installs nothing; the report asked for says skipped', async () => {
    const run = await runTap({
      // tap fails a run that covered no source file (this project has none) unless told not to.
      args: ['--allow-empty-coverage'],
      env: { REAPER_MODE: 'off' },
      files: { 'test/clean.test.js': cleanTest },
    });
    expect(run.output).toContain(
      "reaper: skipped — mode is 'off' (REAPER_MODE=off); nothing was checked; report:",
    );
    expect(run.code).toBe(0);
    expectOffReport(run.report, true);
  }, 240_000);
});
