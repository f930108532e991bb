import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { findMarked, isAlive } from './processes.js';

/**
 * Runs `run` beside a bystander: a process of the test's own, outside the runner's run, running a
 * command a test file also runs (`sleep 300`). Then checks that reaper left it alone: it is alive,
 * and it is the only process of the test's left. It is ended in any case.
 */
export async function withBystander<T>(run: () => Promise<T>): Promise<T> {
  const bystander = spawn('sleep', ['300'], { stdio: 'ignore' });
  try {
    const result = await run();
    expect(isAlive(bystander.pid!)).toBe(true);
    expect(findMarked()).toEqual([bystander.pid]);
    return result;
  } finally {
    bystander.kill('SIGKILL');
  }
}
