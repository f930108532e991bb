import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '@reaper/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMarked, isAlive } from '../../../test-support/processes.js';
import { BIN, fixture, leftPids, runCli, startCli, waitForStdout } from './cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reaper-cli-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  // Everything a test started ended: the leftovers by reaper, the rest by themselves.
  expect(findMarked()).toEqual([]);
});

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Report;
const runEntry = (report: Report) => report.entries.find((e) => e.scope === 'run')!;

describe('reaper run', () => {
  it('reaps a setsid escape, an `sh -c` orphan and an `execSync` orphan, and exits 3', async () => {
    const report = join(dir, 'report.json');
    const done = await runCli([
      'run',
      '--report',
      report,
      '--',
      process.execPath,
      fixture('leaves-three.mjs'),
    ]);
    const left = leftPids(done.stdout);
    expect(left).toHaveLength(3);
    expect(done.status).toBe(3);
    for (const pid of left) expect(isAlive(pid)).toBe(false);

    const written = readJson(report);
    expect(written.schema).toBe('reaper-report/2');
    expect(written.runner).toBe('cli');
    expect(written.summary).toEqual({
      scopes: 1,
      leakedScopes: 1,
      leakedProcesses: 3,
      escaped: 0,
      allowed: 0,
    });
    const entry = runEntry(written);
    expect({ ...entry, leaked: [] }).toEqual({
      file: null,
      test: null,
      scope: 'run',
      startedAt: expect.any(Number),
      endedAt: expect.any(Number),
      spawned: [
        expect.objectContaining({
          command: `${process.execPath} ${fixture('leaves-three.mjs')}`,
          exitCode: 0,
        }),
      ],
      leaked: [],
    });
    expect(entry.leaked.map((p) => p.pid).sort()).toEqual([...left].sort());
    for (const p of entry.leaked) {
      expect(p).toMatchObject({
        command: 'sleep 300',
        kind: 'orphan',
        outcome: 'terminated',
        signal: 'SIGTERM',
      });
    }

    expect(done.stderr).toContain('reaper: 3 processes outlived the run');
    for (const pid of left) expect(done.stderr).toContain(`${pid} sleep 300  (orphan) terminated by SIGTERM`);
    expect(done.stderr).toContain(`report: ${report}`);
    const normalised = done.stderr
      .replace(/─ \d+ /g, '─ PID ')
      .replace(/in \d+ ms/g, 'in N ms')
      .replace(report, 'REPORT');
    expect(normalised).toMatchInlineSnapshot(`
      "reaper: 3 processes outlived the run
        ├─ PID sleep 300  (orphan) terminated by SIGTERM in N ms
        ├─ PID sleep 300  (orphan) terminated by SIGTERM in N ms
        └─ PID sleep 300  (orphan) terminated by SIGTERM in N ms

      reaper: the run leaked 3 processes — all reaped; report: REPORT
      "
    `);
  });

  it('reaps an orphan that cleared its environment and left its session (koffi: the gate is its subreaper)', async () => {
    const report = join(dir, 'report.json');
    const done = await runCli([
      'run',
      '--mode',
      'fail',
      '--report',
      report,
      '--',
      process.execPath,
      fixture('leaves-env-cleared.mjs'),
    ]);
    const [pid] = leftPids(done.stdout);
    try {
      expect(pid).toBeGreaterThan(0);
      expect(done.status).toBe(3);
      expect(isAlive(pid!)).toBe(false);
      expect(runEntry(readJson(report)).leaked).toMatchObject([
        { pid, command: 'sleep 300', kind: 'orphan', outcome: 'terminated', signal: 'SIGTERM' },
      ]);
    } finally {
      // It carries no test marker (its environment is empty): ended here if reaper missed it.
      if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('where nothing can be checked (Windows, simulated), runs the command and reports `skipped`', async () => {
    const report = join(dir, 'skipped.json');
    const done = await runCli(['run', '--report', report, '--', 'sh', '-c', 'exit 0'], {
      env: { NODE_OPTIONS: `--require ${fixture('as-windows.cjs')}` },
    });
    expect(done.status).toBe(0);
    expect(done.stderr).toContain(
      'reaper: skipped — platform `win32` is not supported yet (no process table backend); nothing was checked',
    );
    const written = readJson(report);
    expect(written).toMatchObject({
      status: 'skipped',
      skipReason: expect.stringContaining('win32'),
      entries: [],
    });
    // A gate reading that report never takes it for a clean run.
    const gated = await runCli(['report', '--fail-on-leak', report]);
    expect(gated.status).toBe(4);
  });

  it('REAPER_HTML writes the HTML page of the run beside the report', async () => {
    const html = join(dir, 'run.html');
    const done = await runCli(['run', '--', process.execPath, fixture('leave.mjs'), 'exit'], {
      env: { REAPER_HTML: html },
    });
    expect(done.status).toBe(3);
    expect(done.stderr).toContain(`html: ${html}`);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/i);
    expect(page).toContain('Content-Security-Policy');
    expect(page).toContain('sleep 300');
  });

  it('in warn mode reaps the same and exits 0', async () => {
    const done = await runCli([
      'run',
      '--mode',
      'warn',
      '--',
      process.execPath,
      fixture('leave.mjs'),
      'exit',
    ]);
    const [pid] = leftPids(done.stdout);
    expect(done.status).toBe(0);
    expect(isAlive(pid!)).toBe(false);
    expect(done.stderr).toContain('reaper: 1 process outlived the run');
  });

  it('an explicit --mode wins over REAPER_MODE, which applies when no flag is given', async () => {
    const flagged = await runCli(
      ['run', '--mode', 'fail', '--', process.execPath, fixture('leave.mjs'), 'exit'],
      { env: { REAPER_MODE: 'warn' } },
    );
    expect(flagged.status).toBe(3);
    expect(isAlive(leftPids(flagged.stdout)[0]!)).toBe(false);
    const unflagged = await runCli(['run', '--', process.execPath, fixture('leave.mjs'), 'exit'], {
      env: { REAPER_MODE: 'warn' },
    });
    expect(unflagged.status).toBe(0);
    expect(isAlive(leftPids(unflagged.stdout)[0]!)).toBe(false);
  });

  it('exits 0 after a clean command, and writes a report without leaks', async () => {
    const report = join(dir, 'clean.json');
    const done = await runCli(['run', '--report', report, '--', 'sh', '-c', 'sleep 0.1 & wait']);
    expect(done.status).toBe(0);
    expect(done.stderr).toContain('reaper: no leaked processes');
    const written = readJson(report);
    expect(written).toEqual({
      schema: 'reaper-report/2',
      runner: 'cli',
      status: 'checked',
      startedAt: expect.any(Number),
      endedAt: expect.any(Number),
      summary: { scopes: 1, leakedScopes: 0, leakedProcesses: 0, escaped: 0, allowed: 0 },
      entries: [
        {
          file: null,
          test: null,
          scope: 'run',
          startedAt: expect.any(Number),
          endedAt: expect.any(Number),
          spawned: [
            {
              pid: expect.any(Number),
              command: 'sh -c sleep 0.1 & wait',
              spawnedAt: null,
              startedAt: expect.any(Number),
              endedAt: expect.any(Number),
              exitCode: 0,
              signal: null,
            },
          ],
          leaked: [],
        },
      ],
    });
    const entry = written.entries[0]!;
    const times = [written.startedAt, entry.spawned[0]!.endedAt!, entry.endedAt, written.endedAt];
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("keeps a failing command's own status", async () => {
    const done = await runCli(['run', '--', 'sh', '-c', 'exit 7']);
    expect(done.status).toBe(7);
  });

  it("keeps a failing command's status even when it leaked, and still reaps", async () => {
    const done = await runCli([
      'run',
      '--',
      'sh',
      '-c',
      'sleep 300 >/dev/null 2>&1 & echo "left $!"; exit 5',
    ]);
    expect(done.status).toBe(5);
    expect(isAlive(leftPids(done.stdout)[0]!)).toBe(false);
  });

  it('a command killed by a signal exits 128 + its number', async () => {
    const done = await runCli(['run', '--', 'sh', '-c', 'kill -TERM $$']);
    expect(done.status).toBe(143);
  });

  it('a command that cannot start exits 127 with one line', async () => {
    const done = await runCli(['run', '--', 'reaper-no-such-command']);
    expect(done.status).toBe(127);
    expect(done.stderr).toBe('reaper run: cannot run `reaper-no-such-command`: command not found\n');
  });

  it('forwards SIGINT to the command and still reaps what it left', async () => {
    const running = startCli(['run', '--', process.execPath, fixture('leave.mjs'), 'signal']);
    try {
      await waitForStdout(running, 'ready');
      running.child.kill('SIGINT');
    } finally {
      running.child.stdin!.end();
    }
    const done = await running.done;
    expect(done.stdout).toContain('got SIGINT');
    const [pid] = leftPids(done.stdout);
    expect(isAlive(pid!)).toBe(false);
    expect(done.stderr).toContain(`${pid} sleep 300  (orphan) terminated by SIGTERM`);
    expect(done.status).toBe(3);
  });

  it('ignores signals once the command has exited: a SIGTERM cannot cut the reaping short', async () => {
    const leave = `sh -c "trap '' TERM; sleep 300" >/dev/null 2>&1 & echo "left $!"`;
    const running = startCli(['run', '--grace-ms', '3000', '--', 'sh', '-c', leave]);
    running.child.stdin!.end();
    await waitForStdout(running, 'left');
    // Past the settle time, inside the grace period of a leftover that ignores SIGTERM.
    await new Promise((r) => setTimeout(r, 800));
    running.child.kill('SIGTERM');
    const done = await running.done;
    expect(done.signal).toBeNull();
    expect(done.status).toBe(3);
    const [pid] = leftPids(done.stdout);
    expect(isAlive(pid!)).toBe(false);
    expect(done.stderr).toContain(`${pid} sh -c trap '' TERM; sleep 300  (orphan) killed by SIGKILL`);
  });

  it('two runs side by side each reap only their own', async () => {
    const reportA = join(dir, 'a.json');
    const reportB = join(dir, 'b.json');
    const a = startCli(['run', '--report', reportA, '--', process.execPath, fixture('leave.mjs'), 'stdin']);
    let pidA: number;
    try {
      await waitForStdout(a, 'ready');
      [pidA] = leftPids(a.stdout()) as [number];
      const b = await runCli([
        'run',
        '--report',
        reportB,
        '--',
        process.execPath,
        fixture('leave.mjs'),
        'exit',
      ]);
      const [pidB] = leftPids(b.stdout);
      expect(b.status).toBe(3);
      expect(runEntry(readJson(reportB)).leaked.map((p) => p.pid)).toEqual([pidB]);
      expect(isAlive(pidB!)).toBe(false);
      expect(isAlive(pidA)).toBe(true);
    } finally {
      a.child.stdin!.end();
    }
    const doneA = await a.done;
    expect(doneA.status).toBe(3);
    expect(runEntry(readJson(reportA)).leaked.map((p) => p.pid)).toEqual([pidA]);
    expect(isAlive(pidA)).toBe(false);
  });

  it("merges the reports adapters leave in $REAPER_RUN_DIR with the run's entry, then removes it", async () => {
    const report = join(dir, 'merged.json');
    const done = await runCli([
      'run',
      '--report',
      report,
      '--',
      process.execPath,
      fixture('fake-adapter.mjs'),
    ]);
    const runDir = /^run dir (.+)$/m.exec(done.stdout)![1]!;
    expect(existsSync(runDir)).toBe(false);
    // The adapter's test leaked (in its warn mode the command passed): the gate fails.
    expect(done.status).toBe(3);
    expect(done.stderr).toContain(`reaper run: ${join(runDir, 'vitest-2.json')}: invalid JSON`);
    expect(done.stderr).toContain('reaper: 1 process outlived test "a > leaks"\n  in test/a.test.ts');
    const written = readJson(report);
    expect(written.runner).toBe('cli');
    expect(written.summary).toEqual({
      scopes: 3,
      leakedScopes: 1,
      leakedProcesses: 1,
      escaped: 0,
      allowed: 0,
    });
    expect(written.entries.map((e) => [e.file, e.test, e.scope, e.leaked.length])).toEqual([
      ['test/a.test.ts', 'a > leaks', 'test', 1],
      ['test/b.test.ts', 'b > is clean', 'test', 0],
      [null, null, 'run', 0],
    ]);
  });

  it('a `reaper run` under another hands its report over like an adapter', async () => {
    const report = join(dir, 'outer.json');
    const inner = ['run', '--', 'sh', '-c', 'sleep 300 >/dev/null 2>&1 & echo "left $!"'];
    const done = await runCli(['run', '--report', report, '--', process.execPath, BIN, ...inner]);
    const [pid] = leftPids(done.stdout);
    expect(isAlive(pid!)).toBe(false);
    // The inner run reaped and failed (3); the outer keeps the command's status.
    expect(done.status).toBe(3);
    const written = readJson(report);
    expect(written.entries.map((e) => [e.scope, e.leaked.map((p) => p.pid)])).toEqual([
      ['run', [pid]],
      ['run', []],
    ]);
    expect(written.summary).toEqual({
      scopes: 2,
      leakedScopes: 1,
      leakedProcesses: 1,
      escaped: 0,
      allowed: 0,
    });
  });

  it('REAPER_REPORT names the report and is not passed on to the command', async () => {
    const report = join(dir, 'from-env.json');
    const done = await runCli(['run', '--', 'sh', '-c', 'echo "report=[$REAPER_REPORT]"'], {
      env: { REAPER_REPORT: report },
    });
    expect(done.status).toBe(0);
    expect(done.stdout).toBe('report=[]\n');
    expect(readJson(report).runner).toBe('cli');
  });

  it('gives the command a cookie that keeps the tokens it inherited', async () => {
    const done = await runCli(['run', '--', 'sh', '-c', 'echo "cookie=[$REAPER_COOKIE]"'], {
      env: { REAPER_COOKIE: 'outer:1:0' },
    });
    // The inherited token first, then the run scope's own (core's `<realm>:<scope>:<seq>`).
    expect(done.stdout).toMatch(/^cookie=\[outer:1:0 [0-9a-f]{12}:\d+:\d+\]\n$/);
  });
});

describe('reaper run refuses bad input', () => {
  it.each([
    [
      ['--grace-ms', 'abc'],
      'reaper run: Expected --grace-ms to be a non-negative integer (milliseconds), got `abc`.',
    ],
    [
      ['--settle-ms=-1'],
      'reaper run: Expected --settle-ms to be a non-negative integer (milliseconds), got `-1`.',
    ],
    [['--mode', 'loud'], "reaper run: Expected --mode to be one of 'fail', 'warn', 'off', got `loud`."],
    [['--kill-wait-ms'], 'reaper run: option `--kill-wait-ms` needs a value.'],
    [
      ['--grace'],
      'reaper run: unknown option `--grace`. Expected one of: --mode, --grace-ms, --kill-wait-ms, --settle-ms, --report, --help, -h.',
    ],
  ])('%j', async (flags, message) => {
    const done = await runCli(['run', ...flags, '--', 'true']);
    expect(done.status).toBe(2);
    expect(done.stderr).toBe(`${message}\n`);
    expect(done.stdout).toBe('');
  });

  it('names a bad environment variable', async () => {
    const done = await runCli(['run', '--', 'true'], { env: { REAPER_GRACE_MS: 'soon' } });
    expect(done.status).toBe(2);
    expect(done.stderr).toBe(
      'reaper run: Expected the `REAPER_GRACE_MS` environment variable to be a non-negative integer (milliseconds), got `"soon"` (string).\n',
    );
  });

  it('without a command prints the usage and exits 2', async () => {
    const done = await runCli(['run']);
    expect(done.status).toBe(2);
    expect(done.stderr).toMatch(
      /^reaper run: no command given\.\n\nUsage: reaper run \[options\] -- <command\.\.\.>/,
    );
  });

  it('without a subcommand prints the usage and exits 2', async () => {
    const done = await runCli([]);
    expect(done.status).toBe(2);
    expect(done.stderr).toMatch(/^Usage: reaper <command>/);
  });
});
