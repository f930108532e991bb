import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../../test-support/processes.js';
import { getProcessTable } from '../../src/table/index.js';

// Runs against the backend REAPER_PROCESS_TABLE selects (`.ci/run` runs it with `proc` and `ps`).
const table = getProcessTable();
const cookie = '0a1b2c3d4e5f:1:1 run-00ff';

describe(`the process table (${process.env.REAPER_PROCESS_TABLE || 'default'})`, () => {
  it('reads a live process: ppid, start time, argv, cookie with spaces and `=` around it', () => {
    const child = spawn('sleep', ['300'], {
      env: { ...process.env, BEFORE: 'a b=c', REAPER_COOKIE: cookie, AFTER: 'd e' },
    });
    try {
      expect(table.stat(child.pid!)).toMatchObject({ pid: child.pid, ppid: process.pid });
      expect(table.stat(child.pid!)!.startTime).toBeGreaterThan(0);
      expect(table.argv(child.pid!)).toEqual(['sleep', '300']);
      expect(table.cookie(child.pid!)).toEqual(['0a1b2c3d4e5f:1:1', 'run-00ff']);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('reads no cookie for a process that cleared its environment', async () => {
    const child = spawn('env', ['-i', 'sleep', '300']);
    try {
      await eventually(() => table.argv(child.pid!)[0] === 'sleep');
      expect(table.cookie(child.pid!)).toBeUndefined();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('lists processes created since a mark, and keeps the start time across an exec', async () => {
    const mark = table.mark();
    const child = spawn('sh', ['-c', 'read x; exec sleep 300'], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      const before = table.listSince(mark).get(child.pid!);
      expect(before).toMatchObject({ ppid: process.pid, comm: 'sh' });
      expect(table.listSince(mark).has(1)).toBe(false);
      child.stdin!.end('go\n');
      await eventually(() => table.stat(child.pid!)?.comm === 'sleep');
      expect(table.stat(child.pid!)!.startTime).toBe(before!.startTime);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('knows a stopped process, and says a process ended is gone', async () => {
    const child = spawn('sleep', ['300']);
    try {
      process.kill(child.pid!, 'SIGSTOP');
      await eventually(() => table.stat(child.pid!)?.state === 'stopped');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid!, 'SIGKILL');
      await exited;
      await eventually(() => table.stat(child.pid!) === undefined);
      expect(table.argv(child.pid!)).toEqual([]);
      expect(table.cookie(child.pid!)).toBeUndefined();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('never lists its own helper processes (ps) as new', () => {
    const mark = table.mark();
    for (let i = 0; i < 3; i++) table.listAll();
    for (const info of table.listSince(mark).values())
      expect(info.ppid === process.pid && info.comm === 'ps').toBe(false);
  });
});
