import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, findMarked } from '../../../test-support/processes.js';
import { runMocha } from './run-mocha.js';

const WAITING = '[mocha] waiting for changes...';
/** Mocha erases the line on stdout when a re-run starts. */
const RERUN = '\u001b[2K';

const serverTest = (leaks: boolean) => `const { spawn } = require('node:child_process');

it('starts and stops a process', async () => {
  const child = spawn('sleep', ['300']);
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
});
it('may leak', () => {
  ${leaks ? "spawn('sleep', ['412']);" : '// clean on the first run'}
});
`;

const countOf = (text: string, part: string) => text.split(part).length - 1;

/**
 * Mocha --watch: the first run is clean; the test file is then changed to leak, which makes Mocha
 * run again in the same process. Returns the output of each run and the report.
 */
async function watchTwoRuns(mocha: 'mocha10' | 'mocha11', args: string[]) {
  const run = await runMocha({
    mocha,
    args: ['--watch', ...args],
    files: {
      '.mocharc.json': JSON.stringify({ require: ['@reaper/mocha'], spec: ['test/*.test.js'] }),
      'test/server.test.js': serverTest(false),
    },
    whileRunning: async (_, dir, output) => {
      const ranOnce = await eventually(() => countOf(output(), WAITING) >= 1, 45_000);
      if (!ranOnce) throw new Error(`Mocha did not finish its first run; output: ${output()}`);
      writeFileSync(join(dir, 'test', 'server.test.js'), serverTest(true));
      // stdout and stderr arrive apart: the second run is over once both have said so.
      const ranTwice = await eventually(
        () => countOf(output(), WAITING) >= 2 && countOf(output(), ' passing') >= 2,
        45_000,
      );
      if (!ranTwice) throw new Error(`Mocha did not run again after the change; output: ${output()}`);
    },
  });
  const [first = '', second = ''] = run.output.split(RERUN);
  return { run, first, second };
}

describe.each(['mocha11', 'mocha10'] as const)('%s --watch', (mocha) => {
  it('serial: the re-run’s leak fails its test, is reaped and is in that run’s report; each test is checked once per run', async () => {
    const { run, first, second } = await watchTwoRuns(mocha, []);
    expect(first).toContain('2 passing');
    expect(first).not.toContain('outlived');
    expect(second).toContain('1 failing');
    expect(countOf(second, 'reaper: 1 process outlived test "may leak"')).toBe(1);
    expect(second).toMatch(
      /└─ PID sleep 412 {2}\(child\) terminated by SIGTERM in N ms, spawned at test\/server\.test\.js:9:3/,
    );
    expect(countOf(second, 'reaper: 1 test leaked 1 process — all reaped')).toBe(1);
    // Written at the end of the second run, with that run's scopes, each once.
    expect(
      run.report?.entries.map((e) => `${e.test} ${e.spawned.length} ${e.leaked.map((p) => p.command)}`),
    ).toEqual(['starts and stops a process 1 ', 'may leak 1 sleep 412']);
    expect(findMarked()).toEqual([]);
  });
});

describe('mocha11 --watch --parallel', () => {
  it('the re-run’s leak fails its test and is reaped; the report, written when watching ends, has each run’s scopes once', async () => {
    const { run, first, second } = await watchTwoRuns('mocha11', ['--parallel']);
    expect(first).toContain('2 passing');
    expect(first).not.toContain('outlived');
    expect(countOf(second, 'reaper: 1 process outlived test "may leak"')).toBe(1);
    expect(
      run.report?.entries.map((e) => `${e.test} ${e.spawned.length} ${e.leaked.map((p) => p.command)}`),
    ).toEqual(['starts and stops a process 1 ', 'starts and stops a process 1 ', 'may leak 1 sleep 412']);
    expect(findMarked()).toEqual([]);
  });
});
