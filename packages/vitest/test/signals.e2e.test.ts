import { describe, expect, it } from 'vitest';
import { expectSignalRun, signalScenarios, signalTestFile } from '../../../test-support/signal-scenarios.js';
import { runVitest } from './run-vitest.js';

const signalsTest = signalTestFile({
  format: 'esm',
  imports: "import { describe, it } from 'vitest';",
  timeout: 'argument',
});

const config = `
import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper({ outputFile: 'reaper-report.json' })] });
`;

// Worker threads never see a signal (Node delivers none to them): only a process can handle its own.
describe.each(['vitest3', 'vitest4'] as const)('%s', (vitest) => {
  it('a test that handles a signal it sends itself: the file goes on, the leak after it is reported', async () => {
    const run = await runVitest({
      vitest,
      args: ['--pool=forks'],
      files: { 'vitest.config.js': config, 'signals.test.js': signalsTest },
    });
    expect(run.output).toMatch(new RegExp(`Tests\\s+1 failed \\| ${signalScenarios.length - 1} passed`));
    expectSignalRun(run);
  });
});
