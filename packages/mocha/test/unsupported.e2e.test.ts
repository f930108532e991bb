import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { runMocha } from './run-mocha.js';

describe('a Mocha outside the supported range', () => {
  it.each([
    ['serial', []],
    ['--parallel', ['--parallel']],
  ])('%s: hears it from reaper in one line, and the suite runs unchanged', async (_, args) => {
    const run = await runMocha({
      mocha: 'mocha9',
      args,
      files: {
        '.mocharc.json': JSON.stringify({ require: ['@reaper/mocha'], spec: ['test/*.test.js'] }),
        'test/a.test.js': `const { spawn } = require('node:child_process');
it('spawns and stops a process', async () => {
  const child = spawn('sleep', ['300']);
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
});
`,
        'test/b.test.js': "it('does nothing', () => {});\n",
      },
    });
    expect(run.output).toContain('2 passing');
    expect(run.code).toBe(0);
    expect(run.output.split('\n').filter((line) => line.startsWith('reaper:'))).toEqual([
      'reaper: Mocha 9.2.2 is not supported by @reaper/mocha (supported: Mocha 10, Mocha 11); leaked processes are NOT checked in this run. Use a supported Mocha, or gate the whole run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.',
      'reaper: skipped — Mocha 9.2.2 is not supported by @reaper/mocha; nothing was checked; report: <project>/reaper-report.json',
    ]);
    expect(run.report).toMatchObject({
      status: 'skipped',
      skipReason: 'Mocha 9.2.2 is not supported by @reaper/mocha',
      entries: [],
    });
    expect(findMarked()).toEqual([]);
  });
});
