import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@reaper/core';
import { describe, expect, it } from 'vitest';
import { eventually, findMarked, isAlive } from '../../../test-support/processes.js';
import { runJest } from './run-jest.js';

const leakyFile = (seconds: number) => `const { spawn } = require('child_process');
test('leaks', () => {
  spawn('sleep', ['${seconds}']);
});
test('is clean', async () => {
  const c = spawn('true');
  await new Promise((r) => c.once('exit', r));
});
`;

function readReport(dir: string): Report | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'reaper-report.json'), 'utf8')) as Report;
  } catch {
    return undefined;
  }
}

const leakedCommands = (report: Report | undefined) =>
  (report?.entries ?? []).flatMap((e) => e.leaked.map((p) => p.command));

describe.each(['jest30', 'jest29'] as const)('%s --watchAll', (jest) => {
  it.each([
    ['in band', ['--runInBand']],
    ['in workers', ['--maxWorkers=2']],
  ])('%s: a re-run checks each test once, reports and reaps its own leak', async (_, args) => {
    const reports: Report[] = [];
    const run = await runJest({
      jest,
      // Without a TTY Jest watches all the same, non-interactively.
      args: ['--watchAll', ...args],
      env: { CI: '' },
      files: {
        'jest.config.js': `module.exports = {
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
};
`,
        'a.test.js': leakyFile(341),
        'b.test.js': "test('b is clean', () => {});\n",
      },
      whileRunning: async (runner, dir) => {
        try {
          if (!(await eventually(() => leakedCommands(readReport(dir)).includes('sleep 341'), 30_000)))
            return;
          reports.push(readReport(dir)!);
          // Jest re-runs everything when a file changes (--watchAll).
          writeFileSync(join(dir, 'a.test.js'), leakyFile(342));
          if (!(await eventually(() => leakedCommands(readReport(dir)).includes('sleep 342'), 30_000)))
            return;
          reports.push(readReport(dir)!);
        } finally {
          runner.kill('SIGTERM');
        }
      },
    });
    const [first, second] = reports;
    expect(first?.entries.map((e) => `${e.test} ${e.spawned.length} ${e.leaked.length}`)).toEqual([
      'leaks 1 1',
      'is clean 1 0',
    ]);
    // The second run's report is that run's: its tests once each, its leak, its own times.
    expect(
      second?.entries.map(
        (e) => `${e.test} ${e.spawned.map((p) => p.command)} ${e.leaked.map((p) => p.command)}`,
      ),
    ).toEqual(['leaks sleep 342 sleep 342', 'is clean true ']);
    expect(second?.summary).toMatchObject({ scopes: 2, leakedScopes: 1, leakedProcesses: 1 });
    expect(second!.startedAt).toBeGreaterThanOrEqual(first!.endedAt);
    expect(run.output.match(/^reaper: 1 test leaked 1 process — all reaped/gm)).toHaveLength(2);
    for (const report of reports) {
      for (const entry of report.entries) for (const p of entry.leaked) expect(isAlive(p.pid)).toBe(false);
    }
    // Jest's workers end just after Jest does: then nothing of the run is left.
    expect(await eventually(() => findMarked().length === 0, 10_000)).toBe(true);
  });
});
