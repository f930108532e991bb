import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@reaper/core';
import { describe, expect, it } from 'vitest';
import { diedFile, diedTestFile, expectDiedRun } from '../../../test-support/died-scenarios.js';
import { eventually, findMarked } from '../../../test-support/processes.js';
import { runVitest } from './run-vitest.js';

const config = `
import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper({ outputFile: 'reaper-report.json' })] });
`;

const dies = diedTestFile({
  format: 'esm',
  imports: "import { describe, it } from 'vitest';",
  timeout: 'argument',
});
/** The same file, whose second test lives. */
const lives = dies.replace(`process.kill(process.pid, 'SIGKILL');`, '');

function readReport(dir: string): Report | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'reaper-report.json'), 'utf8')) as Report;
  } catch {
    return undefined;
  }
}

// Only a fork can die alone: a worker thread's death is the whole process's. Vitest 3 ends the
// whole run when a fork dies; Vitest 4 and 5 report the file failed and go on.
describe.each(['vitest3', 'vitest4', 'vitest5'] as const)('%s --pool=forks', (vitest) => {
  it('a file whose fork died before its checks ran is reported unfinished, with what was checked', async () => {
    const run = await runVitest({
      vitest,
      args: ['--pool=forks'],
      files: {
        'vitest.config.js': config,
        [diedFile]: dies,
        'other.test.js': `import { it } from 'vitest';\nit('runs in another fork', () => {});\n`,
      },
    });
    // Vitest 3's other fork ends just after Vitest does.
    expect(await eventually(() => findMarked().length === 0, 10_000)).toBe(true);
    expectDiedRun(run);
  });

  it('watch mode: a re-run whose fork dies is reported unfinished, with what it checked', async () => {
    const reports: Report[] = [];
    const run = await runVitest({
      vitest,
      watch: true,
      args: ['--pool=forks'],
      files: { 'vitest.config.js': config, [diedFile]: lives },
      // The first run is whole; Vitest re-runs the file it sees change, which now dies.
      whileRunning: async (runner, dir) => {
        try {
          for (const [content, ran] of [
            [lives, (r: Report) => r.entries.length > 0],
            [dies, (r: Report) => r.unfinished !== undefined],
          ] as const) {
            if (content === dies) writeFileSync(join(dir, diedFile), dies);
            if (!(await eventually(() => ran(readReport(dir) ?? ({ entries: [] } as never)), 30_000))) return;
            reports.push(readReport(dir)!);
          }
        } finally {
          runner.kill('SIGTERM');
        }
      },
    });
    expect(reports[0]?.unfinished).toBeUndefined();
    expect(await eventually(() => findMarked().length === 0, 10_000)).toBe(true);
    expectDiedRun({ output: run.output, report: reports[1] });
  });
});
