const { startServer, stopServer } = require('@reaper/example-server');
const { test: base } = require('@reaper/playwright');

// `sharedServer`: one per worker, stopped as the worker ends. `ownServer`: one per test that asks.
const test = base.extend({
  sharedServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter.
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await stopServer(server.child);
    },
    { scope: 'worker' },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter.
  ownServer: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await stopServer(server.child);
  },
});

module.exports = { test };
