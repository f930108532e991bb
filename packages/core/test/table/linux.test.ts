import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForOutput } from '../../../../test-support/processes.js';
import { createLinuxTable, parseCookie, parseStat } from '../../src/table/linux.js';

describe('parseStat', () => {
  it('takes comm up to the last parenthesis, whatever it contains', () => {
    const text = '4242 (a) (b c) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 100\n';
    expect(parseStat(text)).toEqual({
      pid: 4242,
      comm: 'a) (b c',
      state: 'sleeping',
      ppid: 1,
      startTime: 987654,
      thread: false,
      kernel: false,
    });
  });

  it('knows kernel threads by PF_KTHREAD', () => {
    const kworker = '99 (kworker/u4:2) I 2 0 0 0 -1 69238880 0 0 0 0 0 0 0 0 20 0 1 0 5000 0 0';
    expect(parseStat(kworker)?.kernel).toBe(true);
    expect(parseStat(kworker.replace('69238880', '4194560'))?.kernel).toBe(false);
  });

  it('knows zombies and stopped processes, and refuses garbage', () => {
    const z = '7 (sh) Z 3 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0';
    expect(parseStat(z)?.state).toBe('zombie');
    expect(parseStat(z.replace(' Z ', ' T '))?.state).toBe('stopped');
    expect(parseStat('')).toBeUndefined();
    expect(parseStat('12 (x S 1')).toBeUndefined();
  });
});

describe('parseCookie', () => {
  it('finds REAPER_COOKIE anywhere in the block and splits its tokens', () => {
    expect(parseCookie('A=1\0REAPER_COOKIE=r:1:1 ab:2:3\0B=2\0')).toEqual(['r:1:1', 'ab:2:3']);
    expect(parseCookie('REAPER_COOKIE=x:1:1\0')).toEqual(['x:1:1']);
    expect(parseCookie('NOT_REAPER_COOKIE=x:1:1\0')).toEqual([]);
    expect(parseCookie('')).toEqual([]);
  });
});

describe('the /proc table', () => {
  // A live /proc exists only on Linux; the fake one below works anywhere.
  const onLinux = process.platform === 'linux';
  const table = createLinuxTable();

  it.skipIf(!onLinux)('never lists a thread as a process when probing pids', async () => {
    const { Worker } = await import('node:worker_threads');
    const mark = table.mark();
    // A worker thread gets a thread id from the same counter as pids; probing finds its /proc entry.
    const worker = new Worker('setTimeout(() => {}, 60000)', { eval: true });
    await new Promise((resolve) => worker.once('online', resolve));
    const child = spawn('sleep', ['300']);
    try {
      for (const scan of ['probe', 'readdir'] as const) {
        const since = createLinuxTable({ scan }).listSince(mark);
        expect(since.has(child.pid!), scan).toBe(true);
        for (const info of since.values()) expect(info.pid === process.pid, scan).toBe(false);
      }
    } finally {
      child.kill('SIGKILL');
      await worker.terminate();
    }
  });

  it('skips processes that vanish mid-read instead of throwing', () => {
    // A fake /proc where one entry has no stat (gone between readdir and read) and one is garbage.
    const root = mkdtempSync(join(tmpdir(), 'reaper-proc-'));
    writeFileSync(join(root, 'loadavg'), '0.00 0.00 0.00 1/3 300\n');
    writeFileSync(join(root, 'uptime'), '100.00 50.00\n');
    mkdirSync(join(root, '200'));
    mkdirSync(join(root, '201'));
    writeFileSync(join(root, '201', 'stat'), 'nonsense');
    mkdirSync(join(root, '202'));
    writeFileSync(
      join(root, '202', 'stat'),
      '202 (sleep) S 1 202 202 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9999 0 0',
    );
    mkdirSync(join(root, 'self'));
    const fake = createLinuxTable({ procRoot: root, scan: 'readdir' });
    expect([...fake.listAll().keys()]).toEqual([202]);
    expect(fake.stat(202)).toMatchObject({ pid: 202, ppid: 1, comm: 'sleep' });
    expect(fake.argv(202)).toEqual([]);
    expect(fake.cookie(202)).toBeUndefined();
    expect(fake.stat(200)).toBeUndefined();
    expect([...fake.listSince({ lastPid: 150, startTime: 0 }).keys()]).toEqual([202]);
    expect([...fake.listSince({ lastPid: 202, startTime: 0 }).keys()]).toEqual([]);
    // After the pid counter wrapped (now 300 < mark 250 is false here; use mark 400): pids above the
    // mark or at most the counter, and only those started after the mark's time.
    expect([...fake.listSince({ lastPid: 400, startTime: 0 }).keys()]).toEqual([202]);
    expect([...fake.listSince({ lastPid: 400, startTime: 10_000 }).keys()]).toEqual([]);

    // Probing the pids allocated since the mark finds the same, and drops a thread's entry (203).
    mkdirSync(join(root, '203'));
    writeFileSync(
      join(root, '203', 'stat'),
      `203 (worker) ${['S', 1, 202, 202, 0, -1, ...Array(13).fill(0), 9999, ...Array(15).fill(0), -1, 0].join(' ')}`,
    );
    writeFileSync(join(root, 'loadavg'), '0.00 0.00 0.00 1/3 204\n');
    const probing = createLinuxTable({ procRoot: root, scan: 'probe' });
    expect([...probing.listSince({ lastPid: 198, startTime: 0 }).keys()]).toEqual([202]);
  });

  it.skipIf(!onLinux)(
    'also reads the pids allocated while it read: a fork just before its parent exited',
    async () => {
      // The race, made certain: the pid counter reads 101 (a `setsid` that forks and exits) and then
      // 102 (its fork), as if the fork came after the range was read. loadavg is a FIFO fed by a
      // process of our own: 101 once, then 102 for every later read.
      const root = mkdtempSync(join(tmpdir(), 'reaper-proc-'));
      const entry = (pid: number, comm: string, state: string) => {
        mkdirSync(join(root, String(pid)));
        const fields = [state, 1, pid, pid, 0, -1, ...Array(13).fill(0), 9999, ...Array(15).fill(0), 17, 0];
        writeFileSync(join(root, String(pid), 'stat'), `${pid} (${comm}) ${fields.join(' ')}`);
      };
      entry(101, 'setsid', 'Z');
      entry(102, 'sleep', 'S');
      const loadavg = join(root, 'loadavg');
      execFileSync('mkfifo', [loadavg]);
      // A writer can open the FIFO while the last reader is still there, and write after it left
      // (EPIPE): it goes on to the next reader, so that no read ever waits for a writer that died.
      // (Two writes may reach one reader; its first line is the one read.)
      const script = `const { writeFileSync } = require('node:fs');
const feed = (line) => { for (;;) { try { writeFileSync(process.argv[1], line); return; } catch {} } };
console.log('ready');
feed('0.00 0.00 0.00 1/90 101\\n');
for (;;) feed('0.00 0.00 0.00 1/90 102\\n');`;
      for (const scan of ['probe', 'readdir'] as const) {
        const feeder = spawn(process.execPath, ['-e', script, loadavg], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        try {
          // Started, so the table's (blocking) reads of the FIFO have a writer.
          await waitForOutput(feeder, 'ready');
          const since = createLinuxTable({ procRoot: root, scan }).listSince({ lastPid: 100, startTime: 0 });
          expect([...since.keys()].sort(), scan).toEqual([101, 102]);
        } finally {
          feeder.kill('SIGKILL');
          await once(feeder, 'exit');
        }
      }
    },
  );
});
