import { describe, expect, it } from 'vitest';
import { expectSignalRun, signalScenarios, signalTestFile } from '../../../test-support/signal-scenarios.js';
import { runMocha } from './run-mocha.js';

const signalsTest = signalTestFile({ format: 'cjs', timeout: 'mocha' });

describe('a test that handles a signal it sends itself', () => {
  it.each([
    ['serial', []],
    ['--parallel', ['--parallel', '--jobs', '2']],
  ])('%s: the run goes on, the leak after it is still reported', async (_, args) => {
    const run = await runMocha({
      args: [...args, 'signals.test.js'],
      files: {
        '.mocharc.json': JSON.stringify({ require: ['@reaper/mocha'] }),
        'signals.test.js': signalsTest,
      },
    });
    // Mocha lists a test that a hook after it failed as passed too: every one of them ran.
    expect(run.output).toMatch(new RegExp(`^\\s+${signalScenarios.length} passing`, 'm'));
    expect(run.output).toContain('✔ runs after the leak');
    expect(run.output).toMatch(/^\s+1 failing$/m);
    expectSignalRun(run);
  });
});
