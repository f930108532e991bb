import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitForOutput } from '../../../../test-support/processes.js';
import { closeScope, installHook, openScope, type ScopeResult, uninstallHook } from '../../src/index.js';
import { getRealm } from '../../src/realm.js';
import { startServer } from '../fixtures/start-server.js';

const options = { settleMs: 100, graceMs: 2000, killWaitMs: 1000, allow: [] };
/** This file as scopes name it: relative to the project root, as an adapter gives it. */
const thisFile = () =>
  relative(getRealm().root, import.meta.filename)
    .split('\\')
    .join('/');

beforeAll(() => {
  installHook();
});
afterAll(() => {
  uninstallHook();
});

/** Runs `body` in a fresh test scope of this file and closes it, even when `body` throws. */
async function inScope(body: () => unknown): Promise<ScopeResult> {
  const scope = openScope({ scope: 'test', file: thisFile(), test: expect.getState().currentTestName });
  try {
    await body();
  } catch (error) {
    await closeScope(scope, options);
    throw error;
  }
  return closeScope(scope, options);
}

describe('what the report says of a leaked process', () => {
  it('the ports it listened on, and the test line that called the helper which spawned it', async () => {
    let server!: ChildProcess;
    let ports: number[] = [];
    try {
      const result = await inScope(async () => {
        server = startServer(); // the line calledFrom names
        const ready = await waitForOutput(server, 'ready');
        ports = ready.trim().split(' ').slice(1).map(Number);
      });
      const [leaked] = result.leaked;
      expect(leaked).toMatchObject({ pid: server.pid, outcome: 'terminated', signal: 'SIGTERM' });
      expect(leaked!.listening).toEqual([...ports].sort((a, b) => a - b));
      expect(leaked!.spawnedAt).toMatch(/^packages\/core\/test\/fixtures\/start-server\.ts:\d+:\d+$/);
      expect(leaked!.calledFrom).toBe(`${thisFile()}:${callLine()}`);
    } finally {
      server?.kill('SIGKILL');
    }
  });

  it('no calledFrom when the test file spawned it itself', async () => {
    let child!: ChildProcess;
    try {
      const result = await inScope(() => {
        child = spawn('sleep', ['300']);
      });
      expect(result.leaked[0]).toMatchObject({ calledFrom: null, listening: [] });
      expect(result.leaked[0]!.spawnedAt).toMatch(new RegExp(`^${thisFile()}:\\d+:\\d+$`));
    } finally {
      child?.kill('SIGKILL');
    }
  });
});

describe('what the report says of the processes a scope spawned', () => {
  it('each with its times and how it ended; one that outlived the scope with null end fields', async () => {
    let left!: ChildProcess;
    try {
      const result = await inScope(async () => {
        spawnSync('sh', ['-c', 'exit 3']);
        const stopped = spawn('sleep', ['300']);
        stopped.kill('SIGTERM');
        await new Promise((resolve) => stopped.once('exit', resolve));
        left = spawn('sleep', ['301']);
      });
      expect(result.spawned).toEqual([
        expect.objectContaining({ command: 'sh -c exit 3', exitCode: 3, signal: null }),
        expect.objectContaining({ command: 'sleep 300', exitCode: null, signal: 'SIGTERM' }),
        expect.objectContaining({
          command: 'sleep 301',
          pid: left.pid,
          endedAt: null,
          exitCode: null,
          signal: null,
        }),
      ]);
      const [sync, stopped] = result.spawned;
      const times = [
        result.startedAt,
        sync!.startedAt,
        sync!.endedAt!,
        stopped!.startedAt,
        stopped!.endedAt!,
        result.endedAt,
      ];
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(result.leaked.map((p) => p.pid)).toEqual([left.pid]);
    } finally {
      left?.kill('SIGKILL');
    }
  });
});

describe("report times under a test's fake timers", () => {
  it("stay on the machine's clock when the test replaced Date", async () => {
    const before = Date.now();
    vi.useFakeTimers({ now: new Date('2001-02-03T04:05:06Z'), toFake: ['Date'] });
    let result: ScopeResult;
    try {
      expect(Date.now()).toBeLessThan(Date.parse('2002-01-01'));
      result = await inScope(() => spawnSync('true'));
    } finally {
      vi.useRealTimers();
    }
    const after = Date.now();
    const times = [
      result.startedAt,
      result.spawned[0]!.startedAt,
      result.spawned[0]!.endedAt!,
      result.endedAt,
    ];
    for (const time of times) {
      expect(time).toBeGreaterThanOrEqual(before);
      expect(time).toBeLessThanOrEqual(after);
    }
  });
});

/** The line and column of the `startServer()` call above, as V8 reports it. */
function callLine(): string {
  const lines = readFileSync(import.meta.filename, 'utf8').split('\n');
  const at = lines.findIndex((line) => line.includes('startServer(); // the line calledFrom names'));
  return `${at + 1}:${lines[at]!.indexOf('startServer') + 1}`;
}
