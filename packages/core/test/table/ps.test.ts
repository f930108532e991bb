import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPsTable, type PsRunner } from '../../src/table/ps.js';
import {
  argvOfRow,
  environmentAfter,
  parsePsEnvironments,
  parsePsListing,
  parseSpacedCookie,
} from '../../src/table/ps-parse.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ps', name), 'utf8');
const second = (iso: string) => Date.parse(iso) / 1000;

describe('parsePsListing', () => {
  it('reads procps output (recorded on Linux): comm with spaces, zombies, stopped, long args', () => {
    const rows = parsePsListing(fixture('procps-listing.txt'));
    expect(rows.map((r) => r.pid)).toEqual([1, 2, 4, 18811, 18812, 18815, 18917, 19411, 19414]);
    const byPid = new Map(rows.map((r) => [r.pid, r]));
    expect(byPid.get(18811)).toEqual({
      pid: 18811,
      ppid: 18808,
      state: 'sleeping',
      startSecond: second('2026-11-28T04:32:27Z'),
      comm: 'python3',
      args: '/root/.pyenv/versions/3.11.7/bin/python3 -c import time; time.sleep(302) arg with space --flag=1',
    });
    expect(byPid.get(18812)).toMatchObject({ state: 'stopped', comm: 'sleep', args: 'sleep 304' });
    expect(byPid.get(18917)).toMatchObject({ state: 'zombie', ppid: 18815, comm: 'python3' });
    expect(argvOfRow(byPid.get(18917)!)).toEqual([]);
    expect(byPid.get(19411)).toMatchObject({ comm: 'my tool', args: '/bin/sh ./my tool' });
    expect(argvOfRow(byPid.get(2)!)).toEqual([]);
    expect(argvOfRow(byPid.get(18812)!)).toEqual(['sleep', '304']);
  });

  it("reads macOS output (written to macOS ps(1)'s format): padded days, U and I states, paths with spaces", () => {
    const rows = parsePsListing(fixture('macos-listing.txt'));
    const byPid = new Map(rows.map((r) => [r.pid, r]));
    expect(rows).toHaveLength(10);
    expect(byPid.get(1)).toMatchObject({
      ppid: 0,
      state: 'sleeping',
      startSecond: second('2025-11-03T09:12:44Z'),
    });
    const electron = byPid.get(4242)!;
    expect(electron.comm).toBe('/Applications/Visual Studio Code.app/Contents/MacOS/Electron');
    expect(electron.args).toMatch(/^\/Applications\/Visual Studio Code\.app\/.* --seatbelt-client=46$/);
    expect(electron.args.length).toBeGreaterThan(900);
    expect(byPid.get(5121)).toMatchObject({ state: 'running', comm: '/opt/homebrew/bin/node' });
    expect(byPid.get(5122)).toMatchObject({ state: 'zombie', ppid: 5120 });
    expect(argvOfRow(byPid.get(5122)!)).toEqual([]);
    expect(byPid.get(5123)?.state).toBe('stopped');
    expect(byPid.get(5124)?.state).toBe('sleeping');
    expect(byPid.get(5125)?.state).toBe('sleeping');
  });

  it('skips rows that do not parse and splits at the first space when comm overflowed its column', () => {
    const header = '  PID  PPID STAT                  STARTED COMM            ARGS';
    const text = [
      header,
      '   12     1 S    Sat Nov 28 04:32:27 2026 averyveryverylongname sleep 1',
      '   13     1 S    Sat Nov 28 04:32',
      'garbage',
      '',
    ].join('\n');
    expect(parsePsListing(text)).toEqual([
      expect.objectContaining({ pid: 12, comm: 'averyveryverylongname', args: 'sleep 1' }),
    ]);
  });
});

describe('environments', () => {
  it('takes the cookie from procps `ps e` output (recorded), with spaces and `=` in values', () => {
    const rows = new Map(parsePsListing(fixture('procps-listing.txt')).map((r) => [r.pid, r]));
    const lines = parsePsEnvironments(fixture('procps-environments.txt'));
    const python = environmentAfter(lines.get(18811)!, rows.get(18811)!.args)!;
    expect(python).toContain('C=a=b c B=x y');
    expect(parseSpacedCookie(python)).toEqual(['abcdefabcdef:1:2', 'run-ff00']);
    // An environment without the variable.
    expect(parseSpacedCookie(environmentAfter(lines.get(18812)!, 'sleep 304')!)).toEqual([]);
  });

  it('takes the cookie from macOS `ps -E` output, wherever the variable sits', () => {
    const rows = new Map(parsePsListing(fixture('macos-listing.txt')).map((r) => [r.pid, r]));
    const lines = parsePsEnvironments(fixture('macos-environments.txt'));
    const node = environmentAfter(lines.get(5121)!, rows.get(5121)!.args)!;
    expect(parseSpacedCookie(node)).toEqual(['0a1b2c3d4e5f:3:7', 'run-9f8e7d6c5b4a']);
    expect(parseSpacedCookie(environmentAfter(lines.get(5123)!, 'sleep 300')!)).toEqual(['0a1b2c3d4e5f:3:8']);
  });

  it('reads no environment when none follows, or when the command line changed in between', () => {
    expect(environmentAfter('sleep 300', 'sleep 300')).toBeUndefined();
    expect(environmentAfter('node b.js A=1', 'sleep 300')).toBeUndefined();
    // `sleep 3000` is not `sleep 300` followed by an environment.
    expect(environmentAfter('sleep 3000 A=1', 'sleep 300')).toBeUndefined();
  });

  it('ignores a command line that mentions the variable, and stops at the first word of another shape', () => {
    expect(parseSpacedCookie('REAPER_COOKIE=0a1b2c3d4e5f:1:1')).toEqual(['0a1b2c3d4e5f:1:1']);
    expect(parseSpacedCookie('X=REAPER_COOKIE=0a1b2c3d4e5f:1:1')).toEqual([]);
    expect(parseSpacedCookie('REAPER_COOKIE=0a1b2c3d4e5f:1:1 notatoken run-ab')).toEqual([
      '0a1b2c3d4e5f:1:1',
    ]);
    expect(parseSpacedCookie('NOT_REAPER_COOKIE=0a1b2c3d4e5f:1:1')).toEqual([]);
    expect(parseSpacedCookie('')).toEqual([]);
  });
});

/** A `ps` that answers each call from the next of `listings` (the last one repeats), counting calls. */
function recordedPs(listings: string[], environments = '') {
  const calls: string[][] = [];
  let listed = 0;
  const run: PsRunner = (args) => {
    calls.push(args);
    if (args.includes('pid=')) return { stdout: environments, pid: 99_999 };
    return { stdout: listings[Math.min(listed++, listings.length - 1)]!, pid: 99_999 };
  };
  return { run, calls, listings: () => calls.filter((a) => !a.includes('pid=')).length };
}

const HEADER = '  PID  PPID STAT                  STARTED COMM            ARGS';
const row = (pid: number, ppid: number, stat: string, started: string, comm: string, args: string) =>
  `${String(pid).padStart(5)} ${String(ppid).padStart(5)} ${stat.padEnd(4)} ${started} ${comm.padEnd(15)} ${args}`;

describe('the ps table, against a table that changes between calls', () => {
  const at = 'Sat Nov 28 04:32:27 2026';
  const now = () => Date.parse('2026-11-28T04:32:28Z');

  it('lists once per look, and answers stat, argv and cookie from that listing', () => {
    const listing = [
      HEADER,
      row(10, 1, 'S', at, 'sleep', 'sleep 300'),
      row(99_999, 5, 'R', at, 'ps', 'ps -A'),
    ].join('\n');
    const ps = recordedPs([listing], ' 10 sleep 300 A=b c REAPER_COOKIE=0a1b2c3d4e5f:1:2\n');
    const table = createPsTable({ run: ps.run, platform: 'darwin', now, lookMs: 60_000 });
    const since = table.listSince(table.mark());
    // `ps` itself is never listed.
    expect([...since.keys()]).toEqual([10]);
    expect(table.stat(10)).toEqual(since.get(10));
    expect(table.argv(10)).toEqual(['sleep', '300']);
    expect(table.cookie(10)).toEqual(['0a1b2c3d4e5f:1:2']);
    expect(table.cookie(10)).toEqual(['0a1b2c3d4e5f:1:2']);
    expect(ps.calls).toHaveLength(2);
    // The environment is read for the look's processes only, with macOS's flag.
    expect(ps.calls[1]).toEqual(['-ww', '-E', '-p', '10', '-o', 'pid=', '-o', 'args=']);
  });

  it("drops the ps of another worker thread of this process, caught mid-run, but not a test's own ps", () => {
    const listing = [
      HEADER,
      row(20, process.pid, 'R', at, 'ps', 'ps -A -ww -o pid,ppid,stat,lstart -o comm=COMM -o args=ARGS'),
      row(21, process.pid, 'R', at, 'ps', 'ps -ww e -p 10,11 -o pid= -o args='),
      row(22, process.pid, 'S', at, 'ps', 'ps -A'),
    ].join('\n');
    const table = createPsTable({ run: recordedPs([listing]).run, platform: 'linux', now, lookMs: 60_000 });
    expect([...table.listAll().keys()]).toEqual([22]);
  });

  it('keeps every process started since the mark, with slack for whole seconds', () => {
    const listing = [
      HEADER,
      row(10, 1, 'S', 'Sat Nov 28 04:32:25 2026', 'old', 'old'),
      row(11, 1, 'S', 'Sat Nov 28 04:32:26 2026', 'new', 'new'),
      row(12, 1, 'S', 'Sat Nov 28 04:32:28 2026', 'newer', 'newer'),
    ].join('\n');
    const table = createPsTable({ run: recordedPs([listing]).run, platform: 'darwin', now, lookMs: 60_000 });
    expect([...table.listSince(table.mark()).keys()]).toEqual([11, 12]);
    expect([...table.listAll().keys()]).toEqual([10, 11, 12]);
  });

  it('sees a process gone mid-way, a process exec, and a pid reused within the same second', () => {
    const first = [
      HEADER,
      row(10, 1, 'S', at, 'sh', 'sh -c x'),
      row(11, 10, 'S', at, 'node', 'node a.js'),
    ].join('\n');
    const second = [
      HEADER,
      // 10 exec'd (same parent, new command): the same process.
      row(10, 1, 'S', at, 'sleep', 'sleep 300'),
      // 11 is gone, and its pid went to another process in the same second, under another parent.
      row(11, 42, 'S', at, 'cat', 'cat'),
    ].join('\n');
    const ps = recordedPs([first, second]);
    const table = createPsTable({ run: ps.run, platform: 'linux', now, lookMs: 60_000 });
    const before = table.listAll();
    const after = table.listAll();
    expect(after.get(10)!.startTime).toBe(before.get(10)!.startTime);
    expect(after.get(10)!.comm).toBe('sleep');
    expect(after.get(11)!.startTime).not.toBe(before.get(11)!.startTime);
  });

  it('takes a new listing for a pid it never saw, and not for one it saw leave', async () => {
    const first = [HEADER, row(10, 1, 'S', at, 'sleep', 'sleep 300')].join('\n');
    const second = [HEADER, row(11, 1, 'S', at, 'sleep', 'sleep 301')].join('\n');
    const ps = recordedPs([first, second]);
    const table = createPsTable({ run: ps.run, platform: 'linux', now, lookMs: 60_000 });
    table.listAll();
    // 11 was spawned after the listing: looked up again.
    expect(table.stat(11)?.comm).toBe('sleep');
    expect(ps.listings()).toBe(2);
    // 10 left between the two listings: known gone, no third listing.
    expect(table.stat(10)).toBeUndefined();
    expect(table.argv(10)).toEqual([]);
    expect(table.cookie(10)).toBeUndefined();
    expect(ps.listings()).toBe(2);
  });

  it('reads no cookie for a process gone before its environment was read, or a zombie', () => {
    const listing = [
      HEADER,
      row(10, 1, 'S', at, 'sleep', 'sleep 300'),
      row(12, 1, 'Z', at, 'sh', '[sh] <defunct>'),
    ].join('\n');
    const ps = recordedPs([listing], '');
    const table = createPsTable({ run: ps.run, platform: 'linux', now, lookMs: 60_000 });
    table.listSince(table.mark());
    expect(table.cookie(10)).toBeUndefined();
    expect(table.cookie(12)).toBeUndefined();
    expect(ps.calls.at(-1)?.slice(0, 2)).toEqual(['-ww', 'e']);
  });
});
