import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@reaper/core';
import { describe, expect, it } from 'vitest';
import * as interrupt from '../../../test-support/interrupt-scenarios.js';
import { eventually, findMarked } from '../../../test-support/processes.js';
import { runVitest } from './run-vitest.js';

const config = `
import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper({ outputFile: 'reaper-report.json' })] });
`;

describe.each(['vitest3', 'vitest4', 'vitest5'] as const)('%s', (vitest) => {
  it('Ctrl-C mid-test ends the run, and its report says what was checked', async () => {
    const stop = interrupt.interruptWhenServing('SIGINT');
    const run = await runVitest({
      vitest,
      files: {
        'vitest.config.js': config,
        [interrupt.hangingFile]: interrupt.hangingTestFile({
          format: 'esm',
          imports: "import { describe, it } from 'vitest';",
          timeout: 'argument',
        }),
      },
      whileRunning: stop.whileRunning,
    });
    await interrupt.expectInterruptedRun(run, stop.server(), {
      file: interrupt.hangingFile,
      signal: 'SIGINT',
    });
  });

  it('watch mode: Ctrl-C while waiting for a change leaves the latest run’s report as it was', async () => {
    let written: string | undefined;
    const run = await runVitest({
      vitest,
      watch: true,
      files: {
        'vitest.config.js': config,
        'a.test.js': `import { spawn } from 'node:child_process';
import { it } from 'vitest';
it('leaks', () => {
  spawn('sleep', ['433'], { stdio: 'ignore' });
});
`,
      },
      whileRunning: async (runner, dir) => {
        const read = () => {
          try {
            return readFileSync(join(dir, 'reaper-report.json'), 'utf8');
          } catch {
            return undefined;
          }
        };
        try {
          if (await eventually(() => read()?.includes('sleep 433') === true, 30_000)) written = read();
        } finally {
          runner.kill('SIGINT');
        }
      },
    });
    const report = JSON.parse(written ?? '{}') as Report;
    expect(report.entries?.map((e) => `${e.test} ${e.leaked.map((p) => p.command)}`)).toEqual([
      'leaks sleep 433',
    ]);
    expect(run.report).toEqual(report);
    expect(await eventually(() => findMarked().length === 0, 10_000)).toBe(true);
  });
});
