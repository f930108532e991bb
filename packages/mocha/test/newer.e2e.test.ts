import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { reaperLines } from '../../../test-support/project.js';
import { runMocha } from './run-mocha.js';

const files = {
  'test/a.test.js': `const { spawn } = require('child_process');
it('leaks a child', function () {
  spawn('sleep', ['431']);
});
`,
  'test/b.test.js': "it('does nothing', function () {});\n",
};

// A major newer than the newest tested (Mocha 12), faked on Mocha 12: its package.json says 13.0.0.
describe('a Mocha newer than tested (13.0.0, faked on Mocha 12)', () => {
  it.each([
    ['serial', []],
    ['--parallel', ['--parallel']],
  ])(
    '%s: said once, by the main process; the run checked, its leak caught and reported',
    async (_, extra) => {
      const run = await runMocha({
        mocha: 'mocha12',
        fakeVersion: '13.0.0',
        args: [...extra, '--require', '@reaper/mocha', 'test/a.test.js', 'test/b.test.js'],
        files,
      });
      expect(run.output).toContain('1 failing');
      expect(run.code).not.toBe(0);
      const lines = reaperLines(run.output);
      expect(lines[0]).toBe(
        'reaper: Mocha 13.0.0 is newer than @reaper/mocha was tested on (tested: Mocha 8 from 8.2.0, Mocha 9, Mocha 10, Mocha 11, Mocha 12); checking anyway.',
      );
      expect(lines.filter((line) => line.includes('13.0.0'))).toHaveLength(1);
      expect(run.report).toMatchObject({
        status: 'checked',
        summary: { leakedProcesses: 1 },
        entries: [{ test: 'leaks a child', leaked: [{ command: 'sleep 431', outcome: 'terminated' }] }],
      });
      expect(findMarked()).toEqual([]);
    },
  );
});
