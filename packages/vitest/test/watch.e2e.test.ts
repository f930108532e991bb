import type { Report } from '@reaper/core';
import { describe, it } from 'vitest';
import { driveRerun, expectRerunReports } from '../../../test-support/watch.js';
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
      // Vitest re-runs the file it sees change.
      whileRunning: (runner, dir) => driveRerun(runner, dir, 'a.test.js', leakyFile, 331, reports),
    });
    await expectRerunReports(reports, run.output, 331);
  });
});
