import { type ChildProcess, execSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, isAlive, waitForOutput } from '../../../../test-support/processes.js';
import type { LeakedProcess, ScopeResult } from '../../src/index.js';
import { closeScope, getProcessTable, installHook, openScope, uninstallHook } from '../../src/index.js';
import { getRealm } from '../../src/realm.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const hasSetsid = spawnSync('setsid', ['true']).status === 0;
const fixture = (name: string) => join(fixtures, name);
const options = { settleMs: 100, graceMs: 400, killWaitMs: 1000, allow: [] };

beforeAll(() => {
  installHook();
});
afterAll(() => {
  uninstallHook();
});

/** Runs `body` in a fresh test scope and closes it, even when `body` throws. */
async function inScope(body: () => unknown, close = options): Promise<ScopeResult> {
  const scope = openScope({ scope: 'test', file: 'leaks.test.ts', test: expect.getState().currentTestName });
  try {
    await body();
  } catch (error) {
    await closeScope(scope, close);
    throw error;
  }
  return closeScope(scope, close);
}

const summary = (leaked: LeakedProcess[]) =>
  leaked
    .map(({ command, kind, outcome, signal }) => ({ command, kind, outcome, signal }))
    .sort((a, b) => a.command.localeCompare(b.command) || a.kind.localeCompare(b.kind));

const started = (child: ChildProcess) => waitForOutput(child, 'ready');

describe('leaks of each kind are found, ended and classified', () => {
  it('a direct child is a child, ended by SIGTERM', async () => {
    let child!: ChildProcess;
    const result = await inScope(() => {
      child = spawn('sleep', ['300']);
    });
    // It outlived the scope: the end fields are null.
    expect(result.spawned).toEqual([
      {
        pid: child.pid,
        command: 'sleep 300',
        spawnedAt: expect.stringMatching(/leaks\.test\.ts:\d+:\d+$/),
        startedAt: expect.any(Number),
        endedAt: null,
        exitCode: null,
        signal: null,
      },
    ]);
    expect(summary(result.leaked)).toEqual([
      { command: 'sleep 300', kind: 'child', outcome: 'terminated', signal: 'SIGTERM' },
    ]);
    expect(result.leaked[0]!.pid).toBe(child.pid);
    expect(result.leaked[0]!.spawnedAt).toMatch(/^packages\/core\/test\/scope\/leaks\.test\.ts:\d+:\d+$/);
    expect(isAlive(child.pid!)).toBe(false);
  });

  it("an `sh -c 'x &'` background job is an orphan once the shell exits", async () => {
    const result = await inScope(async () => {
      const sh = spawn('sh', ['-c', 'sleep 300 >/dev/null 2>&1 & echo $!']);
      await new Promise((resolve) => sh.once('exit', resolve));
    });
    expect(summary(result.leaked)).toEqual([
      { command: 'sleep 300', kind: 'orphan', outcome: 'terminated', signal: 'SIGTERM' },
    ]);
    // Its parent is gone: it hangs under PID 1, or under this worker when it is a subreaper.
    expect(result.leaked[0]!.ppid).not.toBe(result.leaked[0]!.pid);
    expect(result.leaked[0]!.spawnedAt).toMatch(/leaks\.test\.ts:\d+:\d+$/);
  });

  it("an `execSync('x &')` background job is an orphan", async () => {
    const result = await inScope(() => {
      execSync(`${fixture('spawns-orphan.sh')}`);
    });
    expect(result.spawned).toHaveLength(1);
    expect(summary(result.leaked)).toEqual([
      { command: 'sleep 300', kind: 'orphan', outcome: 'terminated', signal: 'SIGTERM' },
    ]);
  });

  it('a detached, unref’d child is still a child', async () => {
    const result = await inScope(() => {
      spawn('sleep', ['300'], { detached: true, stdio: 'ignore' }).unref();
    });
    expect(summary(result.leaked)).toEqual([
      { command: 'sleep 300', kind: 'child', outcome: 'terminated', signal: 'SIGTERM' },
    ]);
  });

  // macOS has no setsid(1).
  it.skipIf(!hasSetsid)(
    'a `setsid --fork` escape into a new session is an orphan, found by cookie',
    async () => {
      const result = await inScope(async () => {
        const child = spawn('setsid', ['--fork', 'sleep', '300'], { stdio: 'ignore' });
        await new Promise((resolve) => child.once('exit', resolve));
      });
      expect(summary(result.leaked)).toEqual([
        { command: 'sleep 300', kind: 'orphan', outcome: 'terminated', signal: 'SIGTERM' },
      ]);
    },
  );

  it('a zombie under a non-reaping child is reaped by ending that child', async () => {
    const table = getProcessTable();
    let parent!: ChildProcess;
    const result = await inScope(async () => {
      parent = spawn(fixture('zombie-parent.sh'));
      await eventually(() =>
        [...table.listSince({ lastPid: parent.pid!, startTime: 0 }).values()].some(
          (p) => p.ppid === parent.pid && p.state === 'zombie',
        ),
      );
    });
    expect(summary(result.leaked)).toEqual([
      { command: '[sleep]', kind: 'zombie', outcome: 'reaped', signal: null },
      { command: 'sleep 300', kind: 'child', outcome: 'terminated', signal: 'SIGTERM' },
    ]);
    const zombie = result.leaked.find((p) => p.kind === 'zombie')!;
    expect(zombie.ppid).toBe(parent.pid);
  });

  it('a tree that ignores SIGTERM ends by SIGKILL after the grace period', async () => {
    const result = await inScope(async () => {
      await started(spawn(fixture('ignores-term-tree.sh')));
    });
    expect(summary(result.leaked)).toEqual([
      {
        command: `/bin/sh ${fixture('ignores-term-tree.sh')}`,
        kind: 'child',
        outcome: 'killed',
        signal: 'SIGKILL',
      },
      { command: 'sleep 300', kind: 'descendant', outcome: 'killed', signal: 'SIGKILL' },
      { command: 'sleep 300', kind: 'descendant', outcome: 'killed', signal: 'SIGKILL' },
    ]);
    for (const p of result.leaked) expect(p.elapsedMs).toBeGreaterThanOrEqual(options.graceMs);
  });

  it('a stopped (SIGSTOP) process ends by SIGTERM, thanks to the SIGCONT after it', async () => {
    const result = await inScope(async () => {
      const child = spawn('sleep', ['300']);
      process.kill(child.pid!, 'SIGSTOP');
      await eventually(() => getProcessTable().stat(child.pid!)?.state === 'stopped');
    });
    expect(summary(result.leaked)).toEqual([
      { command: 'sleep 300', kind: 'child', outcome: 'terminated', signal: 'SIGTERM' },
    ]);
    expect(result.leaked[0]!.elapsedMs).toBeLessThan(options.graceMs / 2);
  });

  it('a process that respawns a child on SIGTERM does not win', async () => {
    let parent!: ChildProcess;
    const result = await inScope(async () => {
      parent = spawn(fixture('respawns-on-term.mjs'));
      await started(parent);
    });
    const rows = summary(result.leaked);
    expect(rows[0]).toEqual({
      command: `node ${fixture('respawns-on-term.mjs')}`,
      kind: 'child',
      outcome: 'killed',
      signal: 'SIGKILL',
    });
    // The first child, and the one started in answer to SIGTERM (found by the rescan).
    expect(rows.slice(1).length).toBeGreaterThanOrEqual(2);
    for (const row of rows.slice(1)) {
      expect(row.command).toBe('sleep 300');
      expect(['descendant', 'orphan']).toContain(row.kind);
      expect(['terminated', 'killed']).toContain(row.outcome);
    }
    for (const p of result.leaked) expect(isAlive(p.pid)).toBe(false);
  });

  it('a 50-wide tree: 51 processes, all ended', async () => {
    const result = await inScope(async () => {
      await started(spawn(fixture('wide-tree.sh'), ['50']));
    });
    expect(result.leaked).toHaveLength(51);
    expect(result.leaked.filter((p) => p.kind === 'child')).toHaveLength(1);
    expect(result.leaked.filter((p) => p.kind === 'descendant')).toHaveLength(50);
    for (const p of result.leaked) {
      expect(p.outcome).toBe('terminated');
      expect(isAlive(p.pid)).toBe(false);
    }
  });

  it('a 10-deep chain: every link found by descent', async () => {
    const result = await inScope(async () => {
      await started(spawn(fixture('chain.sh'), ['10']));
    });
    expect(result.leaked).toHaveLength(10);
    expect(result.leaked.filter((p) => p.kind === 'child')).toHaveLength(1);
    expect(result.leaked.filter((p) => p.kind === 'descendant')).toHaveLength(9);
    expect(result.leaked.filter((p) => p.command === 'sleep 300')).toHaveLength(1);
    for (const p of result.leaked) expect(isAlive(p.pid)).toBe(false);
  });
});

// PR_SET_CHILD_SUBREAPER is Linux's: elsewhere an orphan goes to launchd or init.
describe.skipIf(process.platform !== 'linux')(
  'with the optional FFI (koffi): the worker is a child subreaper',
  () => {
    it('an orphan that cleared its environment and left the session is still found, by ppid', async () => {
      const result = await inScope(async () => {
        const sh = spawn('sh', ['-c', 'env -i setsid --fork sleep 300']);
        await new Promise((resolve) => sh.once('exit', resolve));
      });
      expect(getRealm().subreaper).toBe(true);
      expect(summary(result.leaked)).toEqual([
        { command: 'sleep 300', kind: 'orphan', outcome: 'terminated', signal: 'SIGTERM' },
      ]);
      expect(result.leaked[0]!.ppid).toBe(process.pid);
      expect(result.leaked[0]!.spawnedAt).toBeNull();
      // Its zombie was this worker's to reap, and was reaped: no trace left in /proc.
      expect(existsSync(`/proc/${result.leaked[0]!.pid}`)).toBe(false);
    });
  },
);

describe('what is not a leak', () => {
  it('a child the test signalled, still going down after the settle time, gets the grace period', async () => {
    // It takes 0.3 s to act on SIGTERM: longer than the settle time, well within the grace period.
    const result = await inScope(
      async () => {
        const child = spawn('sh', [
          '-c',
          "trap 'sleep 0.3; kill $!; exit 0' TERM; sleep 300 & echo ready; wait",
        ]);
        await started(child);
        child.kill();
      },
      { ...options, settleMs: 50, graceMs: 10_000 },
    );
    expect(result.leaked).toEqual([]);
  });

  it('a child the test signalled is still a leak when it does not go', async () => {
    const result = await inScope(
      async () => {
        const child = spawn('sh', ['-c', 'trap "" TERM; sleep 300 & echo ready; wait']);
        await started(child);
        child.kill();
      },
      { ...options, settleMs: 50, graceMs: 300 },
    );
    // The ignored SIGTERM is inherited: both end by SIGKILL.
    expect(summary(result.leaked).map((p) => `${p.kind} ${p.outcome}`)).toEqual([
      'child killed',
      'descendant killed',
    ]);
  });

  it('a child that exited before the look, Node not yet having reaped it, is dead: no leak', async () => {
    const table = getProcessTable();
    let pid: number | undefined;
    // With no settle time the one look is all, and it comes before the event loop has polled for
    // the exit: the child is this worker's zombie then, which Node reaps on its next poll.
    const result = await inScope(
      () => {
        pid = spawn('true').pid;
        const deadline = performance.now() + 10_000;
        while (table.stat(pid!)?.state !== 'zombie' && performance.now() < deadline) execSync('sleep 0.01');
        expect(table.stat(pid!)?.state).toBe('zombie');
      },
      { ...options, settleMs: 0 },
    );
    expect(result.spawned[0]?.pid).toBe(pid);
    expect(result.leaked).toEqual([]);
  });

  it('a child killed but not awaited settles and is not reported', async () => {
    // The settle time is a bound, not a speed: on a loaded machine a child sent SIGTERM may not run
    // (and die) for longer than the default 100 ms. Done as soon as it is gone.
    const result = await inScope(
      () => {
        spawn('sleep', ['300']).kill();
      },
      { ...options, settleMs: 10_000 },
    );
    expect(result).toMatchObject({ spawned: [{ command: 'sleep 300' }], leaked: [] });
  });

  it('a child that exited and was awaited is clean', async () => {
    const before = Date.now();
    let pid: number | undefined;
    const result = await inScope(async () => {
      const child = spawn('true');
      pid = child.pid;
      await new Promise((resolve) => child.once('exit', resolve));
    });
    expect(result).toEqual({
      file: 'leaks.test.ts',
      test: expect.any(String),
      scope: 'test',
      startedAt: expect.any(Number),
      endedAt: expect.any(Number),
      spawned: [
        {
          pid,
          command: 'true',
          spawnedAt: expect.stringMatching(/leaks\.test\.ts:\d+:\d+$/),
          startedAt: expect.any(Number),
          endedAt: expect.any(Number),
          exitCode: 0,
          signal: null,
        },
      ],
      leaked: [],
    });
    // Times are epoch ms, in the order things happened.
    const [spawned] = result.spawned;
    const times = [before, result.startedAt, spawned!.startedAt, spawned!.endedAt!, result.endedAt];
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('a scope that spawned nothing takes no mark and reads no table', async () => {
    const scope = openScope({ scope: 'test', test: 'nothing' });
    const result = await closeScope(scope, options);
    expect(scope.mark).toBeUndefined();
    expect(result).toEqual({
      file: null,
      test: 'nothing',
      scope: 'test',
      startedAt: expect.any(Number),
      endedAt: expect.any(Number),
      spawned: [],
      leaked: [],
    });
  });

  it('an allowed process is reported as allowed and not signalled', async () => {
    let child!: ChildProcess;
    try {
      const result = await inScope(
        () => {
          child = spawn('sleep', ['301']);
        },
        { ...options, allow: [/sleep 30\d/] as never[] },
      );
      expect(summary(result.leaked)).toEqual([
        { command: 'sleep 301', kind: 'child', outcome: 'allowed', signal: null },
      ]);
      expect(isAlive(child.pid!)).toBe(true);
    } finally {
      child?.kill('SIGKILL');
    }
  });
});

describe('never touching what is not the scope’s', () => {
  it('a bystander and the processes of a second open scope are untouched', async () => {
    const bystander = spawn('sleep', ['300']);
    const other = openScope({ scope: 'test', test: 'other' });
    const otherChild = spawn('sleep', ['300']);
    try {
      const mine = openScope({ scope: 'test', test: 'mine' });
      const myChild = spawn('sleep', ['300']);
      // The other scope's child and the bystander are created after... and before this scope's mark.
      const late = (() => {
        getRealm().stack.push(other);
        try {
          return spawn('sleep', ['300']);
        } finally {
          getRealm().stack.pop();
        }
      })();
      const result = await closeScope(mine, options);
      expect(result.leaked.map((p) => p.pid)).toEqual([myChild.pid]);
      expect(isAlive(bystander.pid!)).toBe(true);
      expect(isAlive(otherChild.pid!)).toBe(true);
      expect(isAlive(late.pid!)).toBe(true);

      const otherResult = await closeScope(other, options);
      expect(otherResult.leaked.map((p) => p.pid).sort()).toEqual([otherChild.pid, late.pid].sort());
      expect(isAlive(bystander.pid!)).toBe(true);
    } finally {
      bystander.kill('SIGKILL');
      if (!other.closed) await closeScope(other, options);
    }
  });

  it('a recorded pid whose start time changed (a reused pid) is never signalled', async () => {
    const bystander = spawn('sleep', ['300']);
    try {
      const scope = openScope({ scope: 'test', test: 'reused pid' });
      const realStart = getProcessTable().stat(bystander.pid!)!.startTime;
      // What the hook would have recorded for an earlier process that had this pid.
      const record = {
        key: `${scope.id}:1`,
        pid: bystander.pid!,
        startTime: realStart - 1,
        scope,
        argv: ['sleep', '300'],
        spawnedAt: null,
        calledFrom: null,
        startedAt: Date.now(),
        endedAt: null,
        exitCode: null,
        signal: null,
        child: undefined,
        byLibrary: false,
      };
      scope.mark = { lastPid: bystander.pid! - 1, startTime: 0 };
      scope.records.push(record);
      scope.spawned = 1;
      getRealm().byPid.set(record.pid, record);
      getRealm().byKey.set(record.key, record);
      const result = await closeScope(scope, options);
      expect(result.leaked).toEqual([]);
      expect(isAlive(bystander.pid!)).toBe(true);
    } finally {
      bystander.kill('SIGKILL');
    }
  });
});
