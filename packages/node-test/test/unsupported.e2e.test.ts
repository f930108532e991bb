import { expect, it } from 'vitest';
import { reaperLines } from '../../../test-support/project.js';
import { findNodeBinary } from './node-versions.js';
import { runNodeTest } from './run-node-test.js';

const cleanTest = `
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
test('spawns and waits', async () => {
  await once(spawn('true'), 'exit');
});
`;

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
    const lines = reaperLines(run.output);
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
