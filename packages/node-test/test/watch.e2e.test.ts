import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Report } from '@reaper/core';
import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { findNodeBinaries } from './node-versions.js';
import { describeEntries, runNodeTest } from './run-node-test.js';

const nodes = await findNodeBinaries();

const cleanTest = `
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
test('clean', async () => {
  const child = spawn('true');
  await once(child, 'exit');
});
`;

const leakyTest = `
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
test('leaks', () => {
  spawn('sleep', ['350']);
});
test('clean', async () => {
  await once(spawn('true'), 'exit');
});
`;

/** Resolves once `text` has appeared `count` times in what `stream` printed; rejects after `timeoutMs`. */
function waitForCount(stream: Readable, text: string, count: number, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      stream.off('data', onData);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for "${text}" ×${count}; got: ${seen}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.split(text).length - 1 < count) return;
      clearTimeout(timer);
      stream.off('data', onData);
      resolve();
    };
    stream.on('data', onData);
  });
}

describe.each(nodes)('Node $major', ({ path, missing }) => {
  it.skipIf(!path)(
    `--watch: a re-run's leak is reported and reaped, each test checked once per run${missing ? ` (skipped: ${missing})` : ''}`,
    async () => {
      const reports: Array<Report | undefined> = [];
      const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'reaper-report.json'), 'utf8'));
      const run = await runNodeTest({
        node: path ?? '',
        args: ['--watch'],
        files: { 'watch.test.mjs': cleanTest },
        whileRunning: async (runner, dir) => {
          // Every run ends with reaper's summary line, which names the report.
          await waitForCount(runner.stderr!, 'report: ', 1);
          reports.push(readReport(dir));
          const rerun = waitForCount(runner.stderr!, 'report: ', 1);
          writeFileSync(join(dir, 'watch.test.mjs'), leakyTest);
          await rerun;
          reports.push(readReport(dir));
          runner.kill('SIGTERM');
        },
      });
      expect(run.output).toContain('reaper: no leaked processes (1 scope spawned 1)');
      expect(run.output).toContain('reaper: 1 process outlived test "leaks"');
      expect(run.output).toContain('reaper: 1 test leaked 1 process — all reaped');
      expect(describeEntries(reports[0])).toEqual(['test watch.test.mjs clean: ']);
      // One entry per test: a second run adds no second set of hooks.
      expect(describeEntries(reports[1])).toEqual([
        'test watch.test.mjs clean: ',
        'test watch.test.mjs leaks: child sleep 350 terminated',
      ]);
      expect(findMarked()).toEqual([]);
    },
  );
});
