import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test-support/free-port.js';
import { findMarked, killMarked } from '../../../test-support/processes.js';
import { runPlaywright } from './run-playwright.js';

// Playwright's main process runs the web server and the global setup: no worker of reaper's sees
// them. A web server that leaves a process of its own group, and a global setup that leaves one.
const server = `const { spawn } = require('node:child_process');
spawn('sleep', ['470'], { detached: true, stdio: 'ignore' }).unref();
require('node:http').createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
`;
const setup = `const { spawn } = require('node:child_process');
module.exports = () => {
  spawn('sleep', ['471'], { detached: true, stdio: 'ignore' }).unref();
};
`;
const spec = `const { spawn } = require('node:child_process');
const { test } = require('@reaper/playwright');
test('uses the server', async () => {
  const res = await fetch('http://127.0.0.1:' + process.env.PORT + '/');
  if ((await res.text()) !== 'ok') throw new Error('no server');
});
`;

describe('under reaper run', () => {
  it("what Playwright's web server and global setup leave is the run's: reaped and reported by the gate", async () => {
    const port = await freePort();
    try {
      const run = await runPlaywright({
        playwright: 'playwright165',
        gate: true,
        env: { PORT: String(port) },
        files: {
          'server.js': server,
          'setup.js': setup,
          'app.spec.js': spec,
          'playwright.config.js': `module.exports = {
  testDir: '.',
  globalSetup: './setup.js',
  webServer: { command: 'node server.js', port: ${port}, reuseExistingServer: false },
  reporter: [['list'], ['@reaper/playwright/reporter']],
};
`,
        },
      });
      expect(run.output).toMatch(/✓ +1 .*› uses the server/);
      // The test passed and left nothing; the run left two: the gate fails it.
      expect(run.code).toBe(3);
      const run_ = run.report?.entries.find((e) => e.scope === 'run' && e.leaked.length > 0);
      expect(run_?.leaked.map((p) => `${p.command} ${p.kind} ${p.outcome}`).sort()).toEqual([
        'sleep 470 orphan terminated',
        'sleep 471 orphan terminated',
      ]);
      expect(findMarked()).toEqual([]);
    } finally {
      killMarked();
    }
  });
});
