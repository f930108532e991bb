import type { LeakedProcess } from '@reaper/core';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test-support/free-port.js';
import { failureOf, runJest } from './run-jest.js';

const files = (port: number) => ({
  'jest.config.js': `module.exports = {
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json', htmlFile: 'reaper-report.html' }]],
};
`,
  'server.js': `require('http').createServer((_, res) => res.end('ok')).listen(Number(process.argv[2]), '127.0.0.1', () => console.log('listening'));
`,
  'start-server.js': `const { spawn } = require('child_process');
const { join } = require('path');
module.exports = function startServer(port) {
  const child = spawn(process.execPath, [join(__dirname, 'server.js'), String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout.once('data', () => resolve(child)));
};
`,
  'server.test.js': `const startServer = require('./start-server');

test('forgets to stop its server', async () => {
  await startServer(${port});
});

test('stops its server', async () => {
  const child = await startServer(0);
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
});
`,
});

describe('the report of a real Jest run (reaper-report/2)', () => {
  it('names the port a leaked server held, the helper and the test line, and keeps clean spawns with their times', async () => {
    const port = await freePort();
    const run = await runJest({ files: files(port) });
    expect(run.code).toBe(1);
    const failure = failureOf(run.output, 'forgets to stop its server');
    expect(failure).toMatch(
      new RegExp(
        `\\(child\\) listening on :${port}, terminated by SIGTERM in N ms, spawned at start-server\\.js:4:17 via server\\.test\\.js:4:9`,
      ),
    );

    const report = run.report!;
    expect(report).toMatchObject({ schema: 'reaper-report/2', runner: 'jest', status: 'checked' });
    expect(report.endedAt).toBeGreaterThanOrEqual(report.startedAt);
    const byTest = new Map(report.entries.map((e) => [e.test, e]));
    const leaky = byTest.get('forgets to stop its server')!;
    expect(leaky.leaked).toHaveLength(1);
    const server = leaky.leaked[0] as LeakedProcess;
    expect(server).toMatchObject({
      kind: 'child',
      listening: [port],
      outcome: 'terminated',
      signal: 'SIGTERM',
      spawnedAt: 'start-server.js:4:17',
      calledFrom: 'server.test.js:4:9',
    });
    expect(server.startedAt).toBeGreaterThanOrEqual(leaky.startedAt - 1000);
    expect(server.startedAt).toBeLessThanOrEqual(leaky.endedAt);

    const clean = byTest.get('stops its server')!;
    expect(clean.leaked).toEqual([]);
    expect(clean.spawned).toEqual([
      {
        pid: expect.any(Number),
        command: expect.stringContaining('server.js 0'),
        spawnedAt: 'start-server.js:4:17',
        startedAt: expect.any(Number),
        endedAt: expect.any(Number),
        exitCode: null,
        signal: 'SIGTERM',
      },
    ]);
    const [spawned] = clean.spawned;
    expect(spawned!.startedAt).toBeGreaterThanOrEqual(clean.startedAt);
    expect(spawned!.endedAt!).toBeGreaterThanOrEqual(spawned!.startedAt);
    expect(clean.endedAt).toBeGreaterThanOrEqual(spawned!.endedAt!);

    expect(run.output).toContain('; html: <project>/reaper-report.html');
  });
});
