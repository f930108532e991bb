import { describe, expect, it } from 'vitest';
import { eventually, findMarked, isAlive } from '../../../test-support/processes.js';
import { runAva } from './run-ava.js';

const leakTest = `import test from 'ava';
import { spawn } from 'node:child_process';

test('leaks', (t) => {
  spawn('sleep', ['431']);
  t.pass();
});
`;
const otherTest = `import test from 'ava';

test('passes', (t) => {
  t.pass();
});
`;
const twoLeaksTest = `import test from 'ava';
import { spawn } from 'node:child_process';

test('leaks', (t) => {
  spawn('sleep', ['441'], { stdio: 'ignore' }).unref();
  spawn('sleep', ['451']);
  t.pass();
});
`;
const files = { 'test/leak.test.js': leakTest, 'test/other.test.js': otherTest };

describe('versions and modes', () => {
  it('a newer AVA is checked, said in one line for the run', async () => {
    const run = await runAva({ files, fakeVersion: '8.0.0' });
    expect(run.code).toBe(1);
    expect(run.output.match(/^reaper: AVA 8.*$/gm)).toEqual([
      'reaper: AVA 8.0.0 is newer than @reaper/ava was tested on (tested: AVA 6, AVA 7); checking anyway.',
    ]);
    expect(run.output).toContain('✘ [fail]: leak › leaks reaper: 1 process outlived test "leaks"');
    expect(run.report?.status).toBe('checked');
    expect(run.report?.summary.leakedProcesses).toBe(1);
    expect(findMarked()).toEqual([]);
  });

  it('an older AVA is refused in one line, and its report says skipped', async () => {
    const run = await runAva({ files: { 'test/other.test.js': otherTest }, fakeVersion: '5.3.1' });
    expect(run.output.match(/^reaper: .*$/gm)).toEqual([
      'reaper: AVA 5.3.1 is not supported by @reaper/ava (supported: AVA 6 and later); leaked processes are NOT checked in this run. Use a supported AVA, or gate the whole run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.',
    ]);
    expect(run.report).toMatchObject({ status: 'skipped', skipReason: expect.stringMatching(/AVA 5\.3\.1/) });
  });

  it("mode 'off' installs nothing; the report asked for says skipped", async () => {
    const run = await runAva({ files: { 'test/other.test.js': otherTest }, env: { REAPER_MODE: 'off' } });
    expect(run.output).toContain('✔ passes');
    expect(run.output).not.toMatch(/^reaper:/m);
    expect(run.report).toMatchObject({
      runner: 'ava',
      status: 'skipped',
      skipReason: "mode is 'off' (REAPER_MODE=off)",
      entries: [],
    });
  });

  it.each([
    [
      'ava.config.js, worker threads: a RegExp',
      {
        'ava.config.js': `export default {
  require: [['@reaper/ava', { mode: 'warn', allow: [/sleep 44[0-9]/], graceMs: 500 }]],
};
`,
      },
      undefined,
    ],
    [
      'package.json, a process per file: a string',
      {},
      [['@reaper/ava', { mode: 'warn', allow: ['sleep 441'], graceMs: 500 }]],
    ],
  ])('options come from the require entry (%s)', async (_, config, require) => {
    const run = await runAva({
      files: { 'test/leak.test.js': twoLeaksTest, ...config },
      workerThreads: require === undefined,
      ...(require ? { require } : {}),
    });
    expect(run.code).toBe(0);
    expect(run.output).toContain('✔ leaks');
    expect(run.output).toContain('reaper: 1 process outlived test "leaks"');
    const leaked = run.report?.entries[0]?.leaked ?? [];
    // The allowed helper lives on, as asked; this test ends it, and waits for it to be gone.
    const allowed = leaked.filter((p) => p.outcome === 'allowed').map((p) => p.pid);
    for (const pid of allowed) process.kill(pid, 'SIGKILL');
    expect(await eventually(() => !allowed.some(isAlive))).toBe(true);
    expect(leaked.map((p) => `${p.command} ${p.outcome}`).sort()).toEqual([
      'sleep 441 allowed',
      'sleep 451 terminated',
    ]);
    expect(findMarked()).toEqual([]);
  });
});
