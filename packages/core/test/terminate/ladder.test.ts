import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../../../test-support/processes.js';
import { getProcessTable, type LadderTarget, runLadder } from '../../src/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const dist = join(import.meta.dirname, '..', '..', 'dist');
const isRoot = process.getuid?.() === 0;

function targetOf(child: ChildProcess): LadderTarget {
  const stat = getProcessTable().stat(child.pid!)!;
  return {
    pid: stat.pid,
    ppid: stat.ppid,
    startTime: stat.startTime,
    command: 'sleep 300',
    kind: 'child',
    spawnedAt: null,
    calledFrom: null,
    child: undefined,
  };
}

const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

describe('runLadder outcomes', () => {
  it('a target gone before it was signalled `exited`, with no signal', async () => {
    const child = spawn('sleep', ['300']);
    try {
      const target = targetOf(child);
      child.kill('SIGKILL');
      await exited(child);
      const table = getProcessTable();
      const [leaked] = await runLadder([target], {
        table,
        graceMs: 1000,
        killWaitMs: 1000,
        rescan: () => [],
      });
      expect(leaked).toMatchObject({ pid: child.pid, outcome: 'exited', signal: null });
      expect(leaked).not.toHaveProperty('reason');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a target that goes on SIGTERM is `terminated`, read while alive: its start time', async () => {
    const before = Date.now();
    const child = spawn('sleep', ['300']);
    try {
      const table = getProcessTable();
      const [leaked] = await runLadder([targetOf(child)], {
        table,
        graceMs: 5000,
        killWaitMs: 1000,
        rescan: () => [],
      });
      expect(leaked).toMatchObject({ outcome: 'terminated', signal: 'SIGTERM', listening: [] });
      // Start times come in clock ticks (10 ms) on the earliest boot time the uptime allows, never
      // after now; with the ps table (.ci/run's second pass, macOS) in whole seconds, floored.
      const slackMs = process.env.REAPER_PROCESS_TABLE === 'ps' || process.platform !== 'linux' ? 2000 : 1000;
      expect(leaked!.startedAt).toBeGreaterThan(before - slackMs);
      expect(leaked!.startedAt).toBeLessThanOrEqual(Date.now());
      expect(isAlive(child.pid!)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it.runIf(isRoot)(
    'a target reaper may not signal (EPERM) is `escaped` for `denied` at once, not after the waits',
    async () => {
      const child = spawn('sleep', ['300']);
      try {
        // The ladder runs as nobody; the target is root's.
        const out = execFileSync(
          process.execPath,
          [join(fixtures, 'ladder-as-nobody.mjs'), dist, String(child.pid)],
          {
            encoding: 'utf8',
          },
        );
        const [leaked] = JSON.parse(out);
        expect(leaked).toMatchObject({ pid: child.pid, outcome: 'escaped', reason: 'denied', signal: null });
        // The fixture's grace and kill wait are 60 s each: denied is known without waiting them out.
        expect(leaked.elapsedMs).toBeLessThan(60_000);
        expect(isAlive(child.pid!)).toBe(true);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});
