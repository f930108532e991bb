import { expect, it } from 'vitest';
import { findNodeBinary } from './node-versions.js';
import { REPORTERS, runNodeTest } from './run-node-test.js';

// An odd major: never an LTS, outside what @reaper/node-test is tested on.
const { path, missing, major } = await findNodeBinary(23);

const cleanTest = `
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
test('spawns and waits', async () => {
  await once(spawn('true'), 'exit');
});
`;

it.skipIf(!path)(
  `Node ${major}: one line from reaper at start-up, the tests run unchanged${missing ? ` (skipped: ${missing})` : ''}`,
  async () => {
    const run = await runNodeTest({
      node: path ?? '',
      files: { 'a.test.mjs': cleanTest, 'b.test.mjs': cleanTest },
    });
    expect(run.output).toContain('✔ spawns and waits');
    expect(run.code).toBe(0);
    const lines = run.output.split('\n').filter((line) => line.startsWith('reaper:'));
    expect(lines).toEqual([
      expect.stringMatching(
        /^reaper: Node 23\.\d+\.\d+ is not supported by @reaper\/node-test \(supported: Node 20, Node 22, Node 24\); leaked processes are NOT checked in this run\./,
      ),
      expect.stringMatching(
        /^reaper: skipped — Node 23\.\d+\.\d+ is not supported by @reaper\/node-test; nothing was checked; report: <project>\/reaper-report\.json$/,
      ),
    ]);
    expect(run.report).toMatchObject({
      status: 'skipped',
      skipReason: expect.stringMatching(/^Node 23\.\d+\.\d+ is not supported by @reaper\/node-test$/),
      entries: [],
    });
  },
);

it.skipIf(!path)(`Node ${major} without the reporter: the same line from each file's process`, async () => {
  const run = await runNodeTest({
    node: path ?? '',
    reporters: REPORTERS.slice(0, 2),
    files: { 'a.test.mjs': cleanTest },
  });
  expect(run.code).toBe(0);
  expect(run.output).toMatch(/reaper: Node 23\.\d+\.\d+ is not supported by @reaper\/node-test/);
});

const node24 = await findNodeBinary(24);

it.skipIf(!node24.path)(
  `--test-isolation=none (Node 24): said once, the run reported as skipped, the tests unchanged${node24.missing ? ` (skipped: ${node24.missing})` : ''}`,
  async () => {
    const run = await runNodeTest({
      node: node24.path ?? '',
      args: ['--test-isolation=none'],
      files: { 'a.test.mjs': cleanTest, 'b.test.mjs': cleanTest },
    });
    expect(run.code).toBe(0);
    const lines = run.output.split('\n').filter((line) => line.startsWith('reaper:'));
    expect(lines).toEqual([
      'reaper: --test-isolation=none runs every test file in the runner’s own process, which @reaper/node-test does not check; leaked processes are NOT checked in this run. Keep each file in its own process (the default), or gate the run with `reaper run -- node --test …` (@reaper/cli).',
      'reaper: skipped — --test-isolation=none runs every test file in the runner’s own process, which @reaper/node-test does not check; nothing was checked; report: <project>/reaper-report.json',
    ]);
    expect(run.report).toMatchObject({
      status: 'skipped',
      skipReason:
        '--test-isolation=none runs every test file in the runner’s own process, which @reaper/node-test does not check',
      entries: [],
    });
  },
);
