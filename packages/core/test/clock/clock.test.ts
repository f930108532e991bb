import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getRealm } from '../../src/realm.js';
import { bootTimeMs, linuxStartTimeToEpochMs } from '../../src/table/clock.js';
import { createLinuxTable } from '../../src/table/linux.js';
import { createPsTable } from '../../src/table/ps.js';

const onLinux = process.platform === 'linux';
const roots: string[] = [];

/** A fake procfs root whose `stat` and `uptime` say the machine booted `uptimeSeconds` ago. */
function fakeProc(uptimeSeconds: number): string {
  const root = mkdtempSync(join(tmpdir(), 'reaper-clock-'));
  roots.push(root);
  setUptime(root, uptimeSeconds);
  writeFileSync(join(root, 'stat'), `cpu 0 0 0 0\nbtime ${Math.floor(Date.now() / 1000 - uptimeSeconds)}\n`);
  return root;
}

const setUptime = (root: string, seconds: number) =>
  writeFileSync(join(root, 'uptime'), `${seconds.toFixed(2)} 0.00\n`);

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('start times from the boot time', () => {
  it('are never after now, even where the clocks disagree', () => {
    // A start time 5 s after the uptime: what a boot time read late (or a clock stepped back) gives.
    const root = fakeProc(100);
    const before = Date.now();
    const startedAt = linuxStartTimeToEpochMs(105 * 100, root);
    const after = Date.now();
    expect(startedAt).toBeGreaterThanOrEqual(before);
    expect(startedAt).toBeLessThanOrEqual(after);
  });

  it('take the earliest boot time the truncated uptime allows', () => {
    // /proc/uptime has 10 ms, truncated: the machine booted up to 10 ms before now − uptime. The
    // latest boot time would put a process that started right after the read up to 10 ms ahead.
    const root = fakeProc(100);
    const before = Date.now();
    const boot = bootTimeMs(root);
    const after = Date.now();
    expect(boot).toBeLessThanOrEqual(after - 100_000 - 10);
    expect(boot).toBeGreaterThanOrEqual(before - 100_000 - 10);
  });

  it('follow the uptime when it no longer fits the boot time known (the machine clock was stepped)', () => {
    const root = fakeProc(100);
    const first = bootTimeMs(root);
    setUptime(root, 200);
    const second = bootTimeMs(root);
    expect(first - second).toBeGreaterThan(99_000);
    expect(first - second).toBeLessThan(101_000);
    // A start time at the uptime read is now, not 100 s ago.
    const before = Date.now();
    expect(linuxStartTimeToEpochMs(200 * 100, root)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('are 0 (unknown) where the uptime cannot be read', () => {
    expect(linuxStartTimeToEpochMs(100, join(tmpdir(), 'reaper-no-proc-here'))).toBe(0);
    expect(bootTimeMs(join(tmpdir(), 'reaper-no-proc-here'))).toBe(0);
  });

  it.runIf(onLinux)('of processes just started are never after now (real /proc)', async () => {
    const table = createLinuxTable();
    // Calibrated once, as a scope's first mark does; then each start time read right after its
    // spawn, when a boot time read late would show most.
    table.mark();
    for (let i = 0; i < 40; i++) {
      const before = Date.now();
      const child = spawn('sleep', ['300'], { stdio: 'ignore' });
      try {
        const stat = table.stat(child.pid!);
        expect(stat, `pid ${child.pid}`).toBeDefined();
        const startedAt = table.startedAtMs(stat!.startTime);
        const now = Date.now();
        expect(startedAt).toBeLessThanOrEqual(now);
        // Ticks of 10 ms on the earliest boot: at most a few ticks early (and a loaded machine).
        expect(startedAt).toBeGreaterThan(before - 1000);
      } finally {
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
  });

  it('from ps are never after the clock of the table', () => {
    const table = createPsTable({ now: () => 1_000_000, run: () => ({ stdout: '', pid: 0 }) });
    // startTime is the start second × 1000 (plus a generation): second 5000 is after the clock.
    expect(table.startedAtMs(5000 * 1000 + 1)).toBe(1_000_000);
    expect(table.startedAtMs(900 * 1000 + 1)).toBe(900_000);
  });
});

/**
 * Makes `now` the machine's clock for reaper in this realm (the realm keeps the `Date.now` it found:
 * a test's fake timers do not reach it); returns the function that puts the real one back.
 */
function machineClock(now: () => number): () => void {
  const realm = getRealm() as { clock: ReturnType<typeof getRealm>['clock'] };
  const real = realm.clock;
  realm.clock = { ...real, dateNow: now, latest: 0 };
  return () => {
    realm.clock = real;
  };
}

describe('the report clock', () => {
  it('never goes back when the machine clock does', async () => {
    let machine = 2_000_000_000_000;
    const restore = machineClock(() => machine);
    try {
      const { wallNow } = await import('../../src/wall-clock.js');
      const first = wallNow();
      machine -= 5000;
      const second = wallNow();
      machine += 6000;
      const third = wallNow();
      expect([first, second, third]).toEqual([2_000_000_000_000, 2_000_000_000_000, 2_000_000_001_000]);
    } finally {
      restore();
    }
  });
});

describe('report times of a scope', () => {
  it('keep startedAt ≤ endedAt for the scope, its spawns and its leaks when the machine clock steps back', async () => {
    const real = Date.now;
    let stepped = false;
    // The machine's clock steps back 5 s once the scope is open, as an NTP step would.
    const restore = machineClock(() => real() - (stepped ? 5000 : 0));
    const core = await import('../../src/index.js');
    core.installHook();
    let left: ReturnType<typeof spawn> | undefined;
    try {
      const scope = core.openScope({ scope: 'test', file: 'clock.test.ts', test: 'steps back' });
      stepped = true;
      const { spawnSync } = await import('node:child_process');
      spawnSync('true');
      left = spawn('sleep', ['300'], { stdio: 'ignore' });
      const result = await core.closeScope(scope, {
        settleMs: 0,
        graceMs: 1000,
        killWaitMs: 1000,
        allow: [],
      });
      const [ran, leakedSpawn] = result.spawned;
      expect(result.leaked.map((p) => p.pid)).toEqual([left.pid]);
      const leaked = result.leaked[0]!;
      const times = [result.startedAt, ran!.startedAt, ran!.endedAt!, leakedSpawn!.startedAt, result.endedAt];
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(leaked.startedAt).toBeGreaterThan(0);
      expect(leaked.startedAt).toBeLessThanOrEqual(result.endedAt);
      if (leakedSpawn!.endedAt !== null)
        expect(leakedSpawn!.startedAt).toBeLessThanOrEqual(leakedSpawn!.endedAt);
    } finally {
      left?.kill('SIGKILL');
      core.uninstallHook();
      restore();
    }
  });
});
