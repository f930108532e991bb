import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../../../test-support/processes.js';
import {
  closeScope,
  installHook,
  isHookInstalled,
  openScope,
  uninstallHook,
  untracked,
} from '../../src/index.js';
import { getRealm } from '../../src/realm.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const dist = join(import.meta.dirname, '..', '..', 'dist');
const options = { settleMs: 50, graceMs: 1000, killWaitMs: 1000, allow: [] };

/** Runs a fixture under plain Node (no test runner in between) and parses its JSON line. */
function runFixture(args: string[], nodeFlags: string[] = []) {
  const out = execFileSync(process.execPath, [...nodeFlags, ...args], { encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

afterEach(() => {
  while (getRealm().hook) uninstallHook();
});

describe('every way of creating a process is caught', () => {
  const expectAllCaught = (
    results: Record<string, { cookie: string; spawned: number }>,
    except: string[] = [],
  ) => {
    const styles = Object.keys(results).filter((s) => s !== 'outside any scope' && !except.includes(s));
    expect(styles.length).toBeGreaterThanOrEqual(16 - except.length);
    for (const style of styles) {
      expect.soft(results[style], style).toEqual({
        cookie: expect.stringMatching(/^[0-9a-f]{12}:\d+:1$/),
        spawned: 1,
        leaked: 0,
      });
    }
    expect(results['outside any scope']).toEqual({ cookie: '', spawned: 0, leaked: 0 });
  };

  it('spawn, exec, execFile, fork, the sync trio, execa, cross-spawn, tinyexec; every import style', () => {
    const { results } = runFixture([join(fixtures, 'hook-styles.mjs'), join(dist, 'index.js')]);
    expectAllCaught(results);
  });

  it('is never doubled: installing twice records each spawn once', () => {
    const { results } = runFixture([join(fixtures, 'hook-styles.mjs'), join(dist, 'index.js'), 'twice']);
    expectAllCaught(results);
  });

  it('under --permission the sync exports are wrapped instead; only sync functions captured earlier escape', () => {
    const { results } = runFixture(
      [join(fixtures, 'hook-styles.mjs'), join(dist, 'index.js')],
      ['--experimental-permission', '--allow-fs-read=*', '--allow-child-process', '--no-warnings'],
    );
    expectAllCaught(results, ['execFileSync (captured before install)']);
    expect(results['execFileSync (captured before install)']).toMatchObject({ cookie: '', spawned: 0 });
  });

  it('the ESM and CJS builds loaded together share one hook and one set of scopes', () => {
    const result = runFixture([join(fixtures, 'dual-copies.mjs'), dist]);
    expect(result.spawned).toBe(1);
    expect(result.cookie).toMatch(/^[0-9a-f]{12}:1:1$/);
  });

  it('each worker thread is its own realm: each scope owns only what its thread spawned', () => {
    const { main, worker } = runFixture([join(fixtures, 'worker-realms.mjs'), join(dist, 'index.js')]);
    expect(main.leaked).toEqual([main.pid]);
    expect(worker.leaked).toEqual([worker.pid]);
  });
});

describe('installing and composing', () => {
  it('composes with another wrapper of ChildProcess.prototype.spawn (nyc-style) installed after it', async () => {
    const proto = ChildProcess.prototype as unknown as { spawn: (...args: unknown[]) => unknown };
    const before = proto.spawn;
    installHook();
    const ours = proto.spawn;
    let theirs = 0;
    proto.spawn = function (this: unknown, ...args: unknown[]) {
      theirs++;
      return ours.apply(this, args);
    };
    const theirWrapper = proto.spawn;
    try {
      uninstallHook();
      // Their wrapper stays on top; ours underneath is inert.
      expect(proto.spawn).toBe(theirWrapper);
      expect(isHookInstalled()).toBe(false);
      installHook();
      const scope = openScope({ scope: 'test', test: 'compose' });
      const child = spawn('true');
      await new Promise((resolve) => child.once('exit', resolve));
      const result = await closeScope(scope, options);
      expect(theirs).toBe(1);
      expect(result.spawned).toHaveLength(1);
    } finally {
      uninstallHook();
      proto.spawn = before;
    }
  });

  it('is counted: the last uninstall removes it', () => {
    const proto = ChildProcess.prototype as unknown as { spawn: unknown };
    const original = proto.spawn;
    installHook();
    installHook();
    uninstallHook();
    expect(isHookInstalled()).toBe(true);
    expect(proto.spawn).not.toBe(original);
    uninstallHook();
    expect(isHookInstalled()).toBe(false);
    expect(proto.spawn).toBe(original);
  });

  it('spawns made through untracked() belong to no scope', async () => {
    installHook();
    const scope = openScope({ scope: 'test', test: 'untracked' });
    const out = untracked(() =>
      execFileSync('sh', ['-c', 'printf %s "$REAPER_COOKIE"'], { encoding: 'utf8' }),
    );
    const result = await closeScope(scope, options);
    expect(out).toBe('');
    expect(result.spawned).toEqual([]);
  });

  it('records the spawn site: the first frame outside Node, node_modules and reaper', async () => {
    installHook();
    const scope = openScope({ scope: 'test', test: 'site' });
    const child = spawn('sleep', ['300']);
    const line = new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1];
    const result = await closeScope(scope, options);
    expect(result.leaked[0]!.spawnedAt).toBe(`packages/core/test/hook/hook.test.ts:${Number(line) - 1}:19`);
    expect(isAlive(child.pid!)).toBe(false);
  });
});
