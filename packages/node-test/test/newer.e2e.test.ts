import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { reaperLines } from '../../../test-support/project.js';
import { findNodeBinary } from './node-versions.js';
import { REPORTERS, runNodeTest } from './run-node-test.js';

const leakTest = `
import { test } from 'node:test';
import { spawn } from 'node:child_process';
test('leaks a child', () => {
  spawn('sleep', ['434']);
});
`;
const cleanTest = `
import { test } from 'node:test';
test('does nothing', () => {});
`;

const notice = (major: number) =>
  new RegExp(
    `^reaper: Node ${major}\\.\\d+\\.\\d+ (is newer than|is not a version) @reaper/node-test (was )?tested on \\(tested: Node 20, Node 22, Node 24, Node 26\\); checking anyway\\.$`,
  );

// Node 23, an odd major between two tested ones (a Node cannot be faked by its package.json: this
// is the real one; no Node after 26 exists yet). Without the reporter, node --test loads no --import
// in its own process: each file's process would say the line.
describe.each([23])('Node %i, a major @reaper/node-test was not tested on', async (wanted) => {
  const { path, missing, major } = await findNodeBinary(wanted);
  const skipNote = missing ? ` (skipped: ${missing})` : '';

  it.skipIf(!path).each([
    ['with the reporter', REPORTERS],
    ['without the reporter, two files', REPORTERS.slice(0, 2)],
  ])(`%s: one line, the run checked, its leak caught${skipNote}`, async (title, reporters) => {
    const run = await runNodeTest({
      node: path ?? '',
      reporters,
      files: { 'a.test.mjs': leakTest, 'b.test.mjs': cleanTest },
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('reaper: 1 process outlived test "leaks a child"');
    const lines = reaperLines(run.output).filter((line) => line.includes(`Node ${major}.`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(notice(major));
    if (title === 'with the reporter') {
      expect(run.report).toMatchObject({
        status: 'checked',
        entries: [{ test: 'leaks a child', leaked: [{ command: 'sleep 434', outcome: 'terminated' }] }],
      });
    }
    expect(findMarked()).toEqual([]);
  });
});
