import { describe, expect, it } from 'vitest';
import { reaperLines } from '../../../test-support/project.js';
import { runJest } from './run-jest.js';

const cleanTest = `
const { spawn } = require('child_process');
test('spawns and stops a process', async () => {
  const child = spawn('sleep', ['300']);
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
});
`;

// Older than any Jest reaper supports: Jest 24, installed with a package.json that says 23.
const jest23 = { jest: 'jest24', fakeVersion: '23.6.0' } as const;

describe('a Jest outside the supported range', () => {
  it('hears it from reaper in one line, at start-up, and the suite runs unchanged', async () => {
    const run = await runJest({
      ...jest23,
      files: {
        'jest.config.js': `module.exports = {
  testEnvironment: 'node',
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
};
`,
        'a.test.js': cleanTest,
      },
    });
    expect(run.output).toContain('Tests:       1 passed');
    expect(run.code).toBe(0);
    const lines = reaperLines(run.output);
    expect(lines).toEqual([
      'reaper: Jest 23.6.0 is not supported by @reaper/jest (supported: Jest 24 and later); leaked processes are NOT checked in this run. Use a supported Jest, or gate the whole run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.',
      'reaper: skipped — Jest 23.6.0 is not supported by @reaper/jest; nothing was checked; report: <project>/reaper-report.json',
    ]);
    expect(run.output).not.toMatch(/ReferenceError|TypeError/);
  });

  it('with the setup file alone: the same line once, no crash, no hang', async () => {
    const run = await runJest({
      ...jest23,
      files: {
        'jest.config.js': `module.exports = { testEnvironment: 'node', setupFilesAfterEnv: ['@reaper/jest/setup'] };\n`,
        'a.test.js': cleanTest,
        'b.test.js': cleanTest,
      },
      args: ['--runInBand'],
    });
    expect(run.output).toContain('Tests:       2 passed');
    expect(run.code).toBe(0);
    // Printed from the worker, so inside Jest's console block.
    const lines = reaperLines(run.output, { indented: true });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^reaper: Jest 23\.6\.0 is not supported by @reaper\/jest/);
  });

  it('with the reporter and no report file asked for: the one line alone, not a second', async () => {
    const run = await runJest({
      ...jest23,
      files: {
        'jest.config.js': `module.exports = {
  testEnvironment: 'node',
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', '@reaper/jest/reporter'],
};
`,
        'a.test.js': cleanTest,
      },
      env: { REAPER_REPORT: '' },
    });
    expect(run.output).toContain('Tests:       1 passed');
    expect(run.code).toBe(0);
    const lines = reaperLines(run.output, { indented: true });
    expect(lines).toEqual([
      'reaper: Jest 23.6.0 is not supported by @reaper/jest (supported: Jest 24 and later); leaked processes are NOT checked in this run. Use a supported Jest, or gate the whole run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.',
    ]);
  });
});
