import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { reaperLines } from '../../../test-support/project.js';
import { runJest } from './run-jest.js';

const leakTest = `
const { spawn } = require('child_process');
test('leaks a child', () => {
  spawn('sleep', ['432']);
});
`;
const cleanTest = "test('does nothing', () => {});\n";

/** The tested majors end at 30, whatever they start from. */
const NOTICE =
  /^reaper: Jest 31\.0\.0 is newer than @reaper\/jest was tested on \(tested: (Jest \d+, )*Jest 30\); checking anyway\.$/;

const jestLines = (output: string) => reaperLines(output, { indented: true });

const configs = {
  'with the reporter: said once, by the main process': `module.exports = {
  testEnvironment: 'node',
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json' }]],
};
`,
  // Printed from a worker then, inside Jest's console block: once, from one of the two.
  'with the setup file alone, two workers: said once among them': `module.exports = { testEnvironment: 'node', setupFilesAfterEnv: ['@reaper/jest/setup'] };\n`,
};

// A major newer than the newest tested, faked on Jest 30: its package.json says 31.0.0.
describe('a Jest newer than tested (31.0.0, faked on Jest 30)', () => {
  it.each(Object.entries(configs))('%s; the leak caught', async (title, config) => {
    const run = await runJest({
      fakeVersion: '31.0.0',
      files: { 'jest.config.js': config, 'a.test.js': leakTest, 'b.test.js': cleanTest },
      args: ['--maxWorkers=2'],
    });
    expect(run.output).toContain('Tests:       1 failed, 1 passed');
    expect(run.output).toContain('reaper: 1 process outlived test "leaks a child"');
    expect(jestLines(run.output).filter((line) => line.includes('31.0.0'))).toEqual([
      expect.stringMatching(NOTICE),
    ]);
    if (title.startsWith('with the reporter')) {
      expect(run.report).toMatchObject({
        status: 'checked',
        entries: [{ test: 'leaks a child', leaked: [{ command: 'sleep 432', outcome: 'terminated' }] }],
      });
    }
    expect(findMarked()).toEqual([]);
  });
});
