import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getRealm } from '../../src/realm.js';
import { readKeptProcFile } from '../../src/table/kept-file.js';

const UPTIME = /^\d+(\.\d+)? \d+(\.\d+)?\n?$/;
const seconds = (text: string | undefined) => Number.parseFloat(text ?? '');

describe.runIf(process.platform === 'linux')('readKeptProcFile', () => {
  it('reads /proc/uptime afresh each time, through one descriptor the realm keeps', async () => {
    const first = seconds(readKeptProcFile('/proc/uptime', UPTIME));
    const fd = getRealm().keptFiles.get('/proc/uptime');
    expect(fd).toBeTypeOf('number');
    expect(readlinkSync(`/proc/self/fd/${fd}`)).toBe('/proc/uptime');
    // Uptime has 10 ms steps: a read 50 ms later through the same descriptor shows a later one.
    const deadline = Date.now() + 50;
    while (Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const second = seconds(readKeptProcFile('/proc/uptime', UPTIME));
    expect(second).toBeGreaterThan(first);
    expect(getRealm().keptFiles.get('/proc/uptime')).toBe(fd);
  });

  it('gives up a descriptor closed behind its back, reads the usual way, and keeps a new one', () => {
    readKeptProcFile('/proc/uptime', UPTIME);
    const fd = getRealm().keptFiles.get('/proc/uptime')!;
    closeSync(fd);
    expect(readKeptProcFile('/proc/uptime', UPTIME)).toMatch(UPTIME);
    expect(getRealm().keptFiles.has('/proc/uptime')).toBe(false);
    readKeptProcFile('/proc/uptime', UPTIME);
    const again = getRealm().keptFiles.get('/proc/uptime');
    expect(again).toBeTypeOf('number');
    expect(readlinkSync(`/proc/self/fd/${again}`)).toBe('/proc/uptime');
  });

  it('gives up a descriptor whose text is not of the shape asked for', () => {
    expect(readKeptProcFile('/proc/uptime', /^never$/)).toMatch(UPTIME);
    expect(getRealm().keptFiles.has('/proc/uptime')).toBe(false);
  });

  it('keeps nothing for a file outside /proc (a fake procfs is read fresh)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reaper-kept-'));
    try {
      const path = join(dir, 'uptime');
      writeFileSync(path, '10.00 20.00\n');
      expect(readKeptProcFile(path, UPTIME)).toBe('10.00 20.00\n');
      expect(getRealm().keptFiles.has(path)).toBe(false);
      rmSync(path);
      expect(readKeptProcFile(path, UPTIME)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps none in a worker thread (its descriptors would outlive it), and two in a main thread', () => {
    // In a fresh process, with the build: a scope that spawns `true` in the main thread, and the
    // same in a worker thread; each says how many files its realm keeps, and how many of the
    // process's descriptors are /proc/loadavg or /proc/uptime once the thread is gone.
    const index = JSON.stringify(join(import.meta.dirname, '..', '..', 'dist', 'index.js'));
    const flow = `
      const { ChildProcess, spawn } = await import('node:child_process');
      const { closeScope, installHook, openScope } = await import(${index});
      installHook();
      const scope = openScope({ scope: 'test', test: 't' });
      const child = spawn('true');
      await new Promise((resolve) => child.once('exit', resolve));
      await closeScope(scope, { settleMs: 0, graceMs: 1000, killWaitMs: 1000, allow: [] });
      const kept = ChildProcess[Symbol.for('reaper.realm')].keptFiles.size;`;
    const script = `
      import { readdirSync, readlinkSync } from 'node:fs';
      import { Worker } from 'node:worker_threads';
      const inThread = await new Promise((resolve, reject) => {
        const worker = new Worker(${JSON.stringify(`${flow}
(await import('node:worker_threads')).parentPort.postMessage(kept);`)}, { eval: true });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const procFds = () => readdirSync('/proc/self/fd').filter((fd) => {
        try { return ['/proc/loadavg', '/proc/uptime'].includes(readlinkSync('/proc/self/fd/' + fd)); } catch { return false; }
      }).length;
      const afterThread = procFds();
      ${flow}
      console.log(JSON.stringify({ inThread, afterThread, inMain: kept, afterMain: procFds() }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      // The /proc table's reads (CI runs these tests again with the `ps` table).
      env: { ...process.env, REAPER_PROCESS_TABLE: 'proc' },
      timeout: 30_000,
    });
    expect(JSON.parse(out)).toEqual({ inThread: 0, afterThread: 0, inMain: 2, afterMain: 2 });
  });
});
