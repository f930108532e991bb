import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'pid1.mjs');
const dist = join(import.meta.dirname, '..', '..', 'dist', 'index.js');
// A fresh pid namespace needs root (or user namespaces); this machine and its CI have both.
const canUnshare = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;

describe('a worker that is PID 1 (a container without an init)', () => {
  it.skipIf(!canUnshare)(
    'reaps the zombies it adopted, leaves its own children to Node, and says so once',
    () => {
      const run = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, fixture, dist], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout.trim())).toEqual({
        pid: 1,
        // The test's orphan exited after it was adopted: a zombie only PID 1 can reap.
        before: 1,
        after: 0,
        // A zombie whose parent is not the test's is not a leak.
        leaked: 0,
        // The child Node started itself was reaped by Node, with its real exit status.
        own: { code: 0, signal: null },
      });
      expect(run.stderr.match(/reaper: this process is PID 1/g)).toHaveLength(1);
    },
  );
});
