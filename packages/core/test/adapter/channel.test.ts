import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const kit = join(import.meta.dirname, '..', '..', 'dist', 'adapter.js');

// In a process of its own, as a test worker: a file scope that spawned is checked; what it sent on
// the results channel is, in order, the file's begin mark, its result, then its end mark. A worker
// that dies after the end mark has sent everything; one that dies before it leaves the file
// `unfinished`, never finished without its result.
it("a checked scope's result reaches the results channel before the file's end mark", () => {
  const script = `
const kit = await import(${JSON.stringify(kit)});
const { spawn } = await import('node:child_process');
const channel = kit.openResultsChannel();
const runner = { id: 'mocha', name: 'Mocha', adapter: '@reaper/mocha', majors: [8] };
const worker = kit.startWorker({ runner, options: {}, source: 'test', adapterDirectory: process.cwd() });
const scope = worker.open({ scope: 'file', file: 'a.test.js', test: null });
const child = spawn('true', { stdio: 'ignore' });
await new Promise((resolve) => child.on('close', resolve));
const checked = await worker.check(scope);
worker.stop();
process.stdout.write(JSON.stringify({ channel, leaked: checked.result.leaked.length }));
`;
  const { stdout, stderr, status } = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, REAPER_REPORT: '', REAPER_MODE: '' },
    timeout: 60_000,
  });
  expect(stderr).toBe('');
  expect(status).toBe(0);
  const { channel, leaked } = JSON.parse(stdout) as { channel: string; leaked: number };
  try {
    expect(leaked).toBe(0);
    const files = readdirSync(channel);
    expect(files).toHaveLength(1);
    const lines = readFileSync(join(channel, files[0]!), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      { mark: 'begin', file: 'a.test.js' },
      expect.objectContaining({
        scope: 'file',
        file: 'a.test.js',
        spawned: [expect.objectContaining({ command: 'true' })],
      }),
      { mark: 'end', file: 'a.test.js' },
    ]);
  } finally {
    rmSync(channel, { recursive: true, force: true });
  }
});
