import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { getProcessTable } from '../../src/index.js';
import { createExitWaker } from '../../src/terminate/exit-waker.js';
import { usePidfds } from '../../src/terminate/pidfd.js';
import type { TargetState } from '../../src/terminate/target-state.js';
import { createWaker } from '../../src/terminate/wait.js';

const started: ChildProcess[] = [];
const sleeper = () => {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  started.push(child);
  return child;
};
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** The ladder's state for a target with this pidfd. */
function stateOf(child: ChildProcess, fd: number | undefined): TargetState {
  return {
    target: {
      pid: child.pid!,
      ppid: process.pid,
      startTime: 0,
      command: 'sleep 300',
      kind: 'child',
      spawnedAt: null,
      calledFrom: null,
      child: undefined,
    },
    found: { startedAt: 0, listening: [], command: 'sleep 300' },
    pidfd: fd,
    stopped: false,
    signal: null,
    end: undefined,
    elapsedMs: 0,
  };
}

// koffi is installed here (the core package depends on its prebuilt binaries) and the kernel is
// newer than 5.3: pidfds must be there. REAPER_PIDFD=0 (.ci/run's second pass) turns them off.
const wanted = process.env.REAPER_PIDFD !== '0';

describe.runIf(process.platform === 'linux')('pidfds', () => {
  it(wanted ? 'are there with koffi on Linux' : 'are off with REAPER_PIDFD=0', () => {
    expect(usePidfds() !== null).toBe(wanted);
  });

  it.runIf(wanted)('are opened only for the process that started at the given time', () => {
    const child = sleeper();
    const table = getProcessTable();
    const pidfds = usePidfds()!;
    const { startTime } = table.stat(child.pid!)!;
    const opened = pidfds.open(table, child.pid!, startTime);
    expect(opened?.fd).toBeGreaterThanOrEqual(0);
    // Just started: still running, or already asleep.
    expect(['running', 'sleeping']).toContain(opened?.state);
    pidfds.close(opened!.fd);
    // The same pid, another start time: a reused pid is never taken for the target.
    expect(pidfds.open(table, child.pid!, startTime + 1)).toBeUndefined();
  });

  it.runIf(wanted)('signal the process, then say it is gone once it has exited', async () => {
    const child = sleeper();
    const table = getProcessTable();
    const pidfds = usePidfds()!;
    const { fd } = pidfds.open(table, child.pid!, table.stat(child.pid!)!.startTime)!;
    try {
      const exit = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      expect(pidfds.signal(fd, 'SIGTERM')).toBe('sent');
      await expect(exit).resolves.toBe('SIGTERM');
      expect(pidfds.signal(fd, 'SIGTERM')).toBe('gone');
    } finally {
      pidfds.close(fd);
    }
  });

  it.runIf(wanted)('end a wait when a watched target exits, and mark it ended there', async () => {
    const table = getProcessTable();
    const pidfds = usePidfds()!;
    const [first, second] = [sleeper(), sleeper()];
    const states = [first, second].map((child) =>
      stateOf(child, pidfds.open(table, child.pid!, table.stat(child.pid!)!.startTime)!.fd),
    );
    try {
      const waker = createExitWaker(states, pidfds, () => 7, createWaker());
      // Nothing exits: the wait runs its time and says it was not woken.
      expect(await waker.wait(20)).toBe(false);
      expect(states.map((state) => state.end)).toEqual([undefined, undefined]);
      second.kill('SIGKILL');
      // Far shorter than the bound: it is the exit that ends it.
      expect(await waker.wait(10_000)).toBe(true);
      expect(states.map((state) => [state.end, state.elapsedMs])).toEqual([
        [undefined, 0],
        ['gone', 7],
      ]);
    } finally {
      for (const state of states) pidfds.close(state.pidfd!);
    }
  });
});
