import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { runVitest } from './run-vitest.js';

const config = (options = "{ outputFile: 'reaper-report.json' }", test = '') => `
import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper(${options})], test: { ${test} } });
`;

const serverTest = `
import { spawn, execSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';

describe('server', () => {
  let server;
  beforeAll(() => {
    server = spawn('sleep', ['300']);
  });
  afterAll(() => {
    server.kill();
  });

  test('is clean when the test stops what it started', async () => {
    const child = spawn('sleep', ['300']);
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve));
  });

  describe('with cleanup in afterEach', () => {
    let child;
    afterEach(async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    });
    test('is clean', () => {
      child = spawn('sleep', ['300']);
    });
  });

  test('leaks a child and an orphan', () => {
    spawn('sleep', ['301']);
    execSync('sleep 302 >/dev/null 2>&1 &');
  });
});

test('top level leak', () => {
  spawn('sh', ['-c', 'sleep 303']);
});
`;

describe.each(['vitest4', 'vitest5'] as const)('%s', (version) => {
  it.each([['forks'], ['threads']])(
    '%s pool: fails the leaking tests, passes the clean ones, writes the report',
    async (pool) => {
      const run = await runVitest({
        vitest: version,
        args: [`--pool=${pool}`],
        files: { 'vitest.config.js': config(), 'server.test.js': serverTest },
      });
      expect(run.code).toBe(1);
      expect(run.output).toContain(
        'reaper: 2 processes outlived test "server > leaks a child and an orphan"',
      );
      expect(run.output).toContain('reaper: 2 tests leaked 4 processes — all reaped');
      expect(run.report?.summary).toEqual({ scopes: 5, leakedScopes: 2, processes: 4, escaped: 0 });
      expect(
        run.report?.entries.map((e) => `${e.scope} ${e.test} ${e.spawned} ${e.leaked.length}`).sort(),
      ).toEqual([
        'suite server 1 0',
        'test server > is clean when the test stops what it started 1 0',
        'test server > leaks a child and an orphan 2 2',
        'test server > with cleanup in afterEach > is clean 1 0',
        'test top level leak 1 2',
      ]);
      expect(findMarked()).toEqual([]);
    },
  );
});
