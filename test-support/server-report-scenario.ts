import type { LeakedProcess, Report } from '@reaper/core';
import { expect } from 'vitest';
import type { BddStyle } from './bdd-file.js';
import { siteIn } from './mode-scenarios.js';

/**
 * The report of a real run, written once for Jest and Vitest: a test file whose helper starts an
 * HTTP server on a port; one test forgets to stop it, the other stops it. The report must name the
 * port, the helper's line and the test's line, and keep the clean spawn with its times.
 */
export function serverReportFiles(style: BddStyle, port: number): Record<string, string> {
  const esm = style.format === 'esm';
  return {
    'server.js': `${esm ? "import { createServer } from 'node:http';" : "const { createServer } = require('node:http');"}
createServer((_, res) => res.end('ok')).listen(Number(process.argv[2]), '127.0.0.1', () => console.log('listening'));
`,
    'start-server.js': `${esm ? "import { spawn } from 'node:child_process';" : "const { spawn } = require('node:child_process');"}
${esm ? 'export ' : ''}function startServer(port) {
  const child = spawn(process.execPath, ['server.js', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout.once('data', () => resolve(child)));
}
${esm ? '' : 'module.exports = { startServer };\n'}`,
    'server.test.js': serverTest(style, port),
  };
}

function serverTest(style: BddStyle, port: number): string {
  const helper =
    style.format === 'esm'
      ? "import { startServer } from './start-server.js';"
      : "const { startServer } = require('./start-server');";
  return `${style.imports ? `${style.imports}\n` : ''}${helper}

it('forgets to stop its server', async () => {
  await startServer(${port});
});

it('stops its server', async () => {
  const child = await startServer(0);
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
});
`;
}

/** Where the helper spawns and where the leaky test calls it, in the files above. */
export function serverSites(files: Record<string, string>): { spawnedAt: string; calledFrom: string } {
  return {
    spawnedAt: siteIn('start-server.js', files['start-server.js']!, 'spawn('),
    calledFrom: siteIn('server.test.js', files['server.test.js']!, 'startServer('),
  };
}

export function expectServerReport(
  run: { code: number | null; output: string; report: Report | undefined },
  files: Record<string, string>,
  port: number,
  runner: string,
): void {
  const { spawnedAt, calledFrom } = serverSites(files);
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(run.code).toBe(1);
  expect(run.output).toMatch(
    new RegExp(
      literal(
        `(child) listening on :${port}, terminated by SIGTERM in N ms, spawned at ${spawnedAt} via ${calledFrom}`,
      ),
    ),
  );
  expect(run.output).toContain('; html: <project>/reaper-report.html');

  const report = run.report!;
  expect(report).toMatchObject({ schema: 'reaper-report/2', runner, status: 'checked' });
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
    spawnedAt,
    calledFrom,
  });
  expect(server.startedAt).toBeGreaterThanOrEqual(leaky.startedAt - 1000);
  expect(server.startedAt).toBeLessThanOrEqual(leaky.endedAt);

  const clean = byTest.get('stops its server')!;
  expect(clean.leaked).toEqual([]);
  expect(clean.spawned).toEqual([
    {
      pid: expect.any(Number),
      command: expect.stringContaining('server.js 0'),
      spawnedAt,
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
}
