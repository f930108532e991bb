import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../../../test-support/processes.js';
import { closeScope, installHook, openScope, uninstallHook } from '../../src/index.js';
import { isEsbuildService } from '../../src/scope/services.js';

const require = createRequire(import.meta.url);
const fakeService = require('../fixtures/node_modules/fake-service/index.cjs') as {
  start(options?: { ref?: boolean }): ChildProcess;
};
const options = { settleMs: 50, graceMs: 400, killWaitMs: 1000, allow: [] };

beforeAll(() => {
  installHook();
});
afterAll(() => {
  uninstallHook();
});

async function inScope(body: () => ChildProcess) {
  const scope = openScope({ scope: 'test', test: expect.getState().currentTestName });
  const child = body();
  try {
    const result = await closeScope(scope, options);
    // Read before the finally below ends it: did reaper leave it running?
    return { child, result, aliveAfterClose: isAlive(child.pid!) };
  } finally {
    child.kill('SIGKILL');
  }
}

describe('worker services: a library’s piped, unref’d helper is the worker’s, not the test’s', () => {
  it('is neither reported nor signalled', async () => {
    const { child, result, aliveAfterClose } = await inScope(() => {
      const service = fakeService.start();
      expect(isAlive(service.pid!)).toBe(true);
      return service;
    });
    expect(result).toMatchObject({ spawned: [{ pid: expect.any(Number) }], leaked: [] });
    expect(child.signalCode).toBe(null);
    expect(aliveAfterClose).toBe(true);
  });

  it('a library child that keeps its reference is an ordinary leak', async () => {
    const { result } = await inScope(() => fakeService.start({ ref: true }));
    expect(result.leaked.map((p) => [p.command, p.kind, p.outcome])).toEqual([
      ['sleep 300', 'child', 'terminated'],
    ]);
  });

  it('the same pattern in the user’s own code is the test’s', async () => {
    const { result } = await inScope(() => {
      const child = spawn('sleep', ['300'], { stdio: ['pipe', 'ignore', 'ignore'] });
      child.unref();
      return child;
    });
    expect(result.leaked.map((p) => p.kind)).toEqual(['child']);
  });

  it('REAPER_STRICT_SERVICES=1 makes a library service the test’s again', async () => {
    process.env.REAPER_STRICT_SERVICES = '1';
    try {
      const { result } = await inScope(() => fakeService.start());
      expect(result.leaked.map((p) => p.kind)).toEqual(['child']);
    } finally {
      delete process.env.REAPER_STRICT_SERVICES;
    }
  });

  it('knows esbuild’s service by its command line', () => {
    expect(
      isEsbuildService(['/x/node_modules/@esbuild/linux-x64/bin/esbuild', '--service=0.25.12', '--ping']),
    ).toBe(true);
    expect(isEsbuildService(['/usr/bin/esbuild', 'app.ts', '--bundle'])).toBe(false);
    expect(isEsbuildService(['node', 'esbuild-like', '--service=1'])).toBe(false);
  });
});
