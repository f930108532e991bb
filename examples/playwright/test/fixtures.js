const { spawn } = require('node:child_process');
const { once } = require('node:events');
const { join } = require('node:path');
const { test: base } = require('@reaper/playwright');

/** Starts server.js; resolves with the process and the port it listens on. */
async function startServer() {
  const child = spawn(process.execPath, [join(__dirname, '..', 'server.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [data] = await once(child.stdout, 'data');
  return { child, port: Number(String(data).trim()) };
}

/** Stops it and waits for the exit. */
async function stopServer({ child }) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill();
  await once(child, 'exit');
}

// `sharedServer`: one per worker, stopped as the worker ends. `ownServer`: one per test that asks.
const test = base.extend({
  sharedServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter.
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await stopServer(server);
    },
    { scope: 'worker' },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter.
  ownServer: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await stopServer(server);
  },
});

module.exports = { test, startServer, stopServer };
