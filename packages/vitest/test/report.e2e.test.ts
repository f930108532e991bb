import type { LeakedProcess } from '@reaper/core';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test-support/free-port.js';
import { runVitest } from './run-vitest.js';

const files = (port: number) => ({
  'vitest.config.ts': `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper({ outputFile: 'reaper-report.json', htmlFile: 'reaper-report.html' })] });
`,
  'server.js': `import { createServer } from 'node:http';
createServer((_, res) => res.end('ok')).listen(Number(process.argv[2]), '127.0.0.1', () => console.log('listening'));
`,
  'start-server.js': `import { spawn } from 'node:child_process';
export function startServer(port) {
  const child = spawn(process.execPath, [new URL('./server.js', import.meta.url).pathname, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout.once('data', () => resolve(child)));
}
`,
  'server.test.js': `import { test } from 'vitest';
import { startServer } from './start-server.js';

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

describe('the report of a real Vitest run (reaper-report/2)', () => {
  it('names the port a leaked server held, the helper and the test line, and keeps clean spawns with their times', async () => {
    const port = await freePort();
    const run = await runVitest({ files: files(port) });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      new RegExp(
        `\\(child\\) listening on :${port}, terminated by SIGTERM in N ms, spawned at start-server\\.js:3:17 via server\\.test\\.js:5:9`,
      ),
    );
    expect(run.output).toContain('; html: <project>/reaper-report.html');

    const report = run.report!;
    expect(report).toMatchObject({ schema: 'reaper-report/2', runner: 'vitest', status: 'checked' });
    const byTest = new Map(report.entries.map((e) => [e.test, e]));
    const leaky = byTest.get('forgets to stop its server')!;
    expect(leaky.leaked).toHaveLength(1);
    expect(leaky.leaked[0] as LeakedProcess).toMatchObject({
      kind: 'child',
      listening: [port],
      outcome: 'terminated',
      signal: 'SIGTERM',
      spawnedAt: 'start-server.js:3:17',
      calledFrom: 'server.test.js:5:9',
    });

    const clean = byTest.get('stops its server')!;
    expect(clean.leaked).toEqual([]);
    expect(clean.spawned).toEqual([
      expect.objectContaining({
        command: expect.stringContaining('server.js 0'),
        exitCode: null,
        signal: 'SIGTERM',
      }),
    ]);
    const [spawned] = clean.spawned;
    expect(spawned!.startedAt).toBeGreaterThanOrEqual(clean.startedAt);
    expect(spawned!.endedAt!).toBeGreaterThanOrEqual(spawned!.startedAt);
    expect(clean.endedAt).toBeGreaterThanOrEqual(spawned!.endedAt!);
  });
});
