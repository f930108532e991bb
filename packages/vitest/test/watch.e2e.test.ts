import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@reaper/core';
import { describe, expect, it } from 'vitest';
import { eventually, findMarked, isAlive } from '../../../test-support/processes.js';
import { runVitest } from './run-vitest.js';

const leakyFile = (seconds: number) => `import { spawn } from 'node:child_process';
import { test } from 'vitest';
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

describe.each(['vitest3', 'vitest4', 'vitest5'] as const)('%s watch mode', (version) => {
  it.each([
    ['isolated', []],
    ['--no-isolate', ['--no-isolate']],
  ])('%s: a re-run checks each test once, reports and reaps its own leak', async (_, args) => {
    const reports: Report[] = [];
    const run = await runVitest({
      vitest: version,
      watch: true,
      args,
      files: {
        'vitest.config.js': `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper({ outputFile: 'reaper-report.json' })] });
`,
        'a.test.js': leakyFile(331),
      },
      whileRunning: async (vitest, dir) => {
        try {
          if (!(await eventually(() => leakedCommands(readReport(dir)).includes('sleep 331'), 30_000)))
            return;
          reports.push(readReport(dir)!);
          // Vitest re-runs the file it sees change.
          writeFileSync(join(dir, 'a.test.js'), leakyFile(332));
          if (!(await eventually(() => leakedCommands(readReport(dir)).includes('sleep 332'), 30_000)))
            return;
          reports.push(readReport(dir)!);
        } finally {
          vitest.kill('SIGTERM');
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
    ).toEqual(['leaks sleep 332 sleep 332', 'is clean true ']);
    expect(second?.summary).toMatchObject({ scopes: 2, leakedScopes: 1, leakedProcesses: 1 });
    expect(second!.startedAt).toBeGreaterThanOrEqual(first!.endedAt);
    expect(run.output.match(/^reaper: 1 test leaked 1 process — all reaped/gm)).toHaveLength(2);
    for (const report of reports) {
      for (const entry of report.entries) for (const p of entry.leaked) expect(isAlive(p.pid)).toBe(false);
    }
    // Vitest's workers end just after Vitest does: then nothing of the run is left.
    expect(await eventually(() => findMarked().length === 0, 10_000)).toBe(true);
  });
});
