import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { reaperLines } from '../../../test-support/project.js';
import { type MochaVersion, runMocha } from './run-mocha.js';

const SUPPORTED = '(supported: Mocha 8.2.0 and later)';

const files = {
  'test/a.test.js': `const { spawn } = require('child_process');
it('spawns and stops a process', function (done) {
  const child = spawn('sleep', ['300']);
  child.once('exit', function () { done(); });
  child.kill();
});
`,
  'test/b.test.js': "it('does nothing', function () {});\n",
};

/** The lines reaper printed: Mocha 2 to 8.1 print none of their own that start so. */

const notice = (version: string) =>
  `reaper: Mocha ${version} is not supported by @reaper/mocha ${SUPPORTED}; leaked processes are NOT checked in this run. Use a supported Mocha, or gate the whole run with \`reaper run -- <your test command>\` (@reaper/cli), which works with any runner.`;

// Mocha 2 to 7.1 have no root-hook plugins (they call nothing `--require` loads), 7.2 to 8.1 no
// global fixtures (where a run writes its report): the line and the report come from the load.
describe.each([
  ['mocha2', '2.5.3'],
  ['mocha7', '7.2.0'],
  ['mocha8-1', '8.1.3'],
] as const)('%s (Mocha %s), older than reaper supports', (mocha: MochaVersion, version) => {
  // Mocha 2 reads no .mocharc: everything is on the command line.
  const args = ['--require', '@reaper/mocha', 'test/a.test.js', 'test/b.test.js'];

  it('says so in one line, writes a skipped report, and the suite runs unchanged', async () => {
    const run = await runMocha({ mocha, args, files });
    expect(run.output).toContain('2 passing');
    expect(run.code).toBe(0);
    expect(reaperLines(run.output)).toEqual([
      notice(version),
      `reaper: skipped — Mocha ${version} is not supported by @reaper/mocha; nothing was checked; report: <project>/reaper-report.json`,
    ]);
    expect(run.report).toMatchObject({
      runner: 'mocha',
      status: 'skipped',
      skipReason: `Mocha ${version} is not supported by @reaper/mocha`,
      entries: [],
    });
    expect(findMarked()).toEqual([]);
  });

  it('without a report asked for: the one line alone', async () => {
    const run = await runMocha({ mocha, args, files, env: { REAPER_REPORT: '' } });
    expect(run.code).toBe(0);
    expect(reaperLines(run.output)).toEqual([notice(version)]);
    expect(run.report).toBeUndefined();
  });
});

describe('a refused Mocha, reaper set up in code', () => {
  it("Mocha 7.2: the skipped report goes to the plugin's own outputFile", async () => {
    const run = await runMocha({
      mocha: 'mocha7',
      args: ['--require', './test/reaper.js', 'test/a.test.js'],
      env: { REAPER_REPORT: '' },
      files: {
        ...files,
        'test/reaper.js': `const { createReaperPlugin } = require('@reaper/mocha');
module.exports = createReaperPlugin({ outputFile: 'custom-report.json' });
`,
      },
    });
    expect(run.code).toBe(0);
    expect(reaperLines(run.output)).toEqual([
      notice('7.2.0'),
      'reaper: skipped — Mocha 7.2.0 is not supported by @reaper/mocha; nothing was checked; report: <project>/custom-report.json',
    ]);
  });
});
