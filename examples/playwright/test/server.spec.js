const { expect } = require('@reaper/playwright');
const { startServer, stopServer } = require('@reaper/example-server');
const { test } = require('./fixtures');

test('the worker’s server answers pong', async ({ sharedServer }) => {
  const res = await fetch(`http://127.0.0.1:${sharedServer.port}/`);
  expect(await res.text()).toBe('pong');
});

test('a server of its own answers /ping', async ({ ownServer }) => {
  const res = await fetch(`http://127.0.0.1:${ownServer.port}/ping`);
  expect(res.status).toBe(200);
});

test.describe('with a server for the block', () => {
  let server;
  test.beforeAll(async () => {
    server = await startServer();
  });
  test.afterAll(() => stopServer(server.child));

  test('answers /health', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(res.status).toBe(200);
  });
});

// Set LEAKY=1 to see reaper fail a test that forgets to stop its server.
test('forgets to stop its server', async () => {
  test.skip(!process.env.LEAKY, 'set LEAKY=1 to see reaper fail it');
  const { port } = await startServer();
  const res = await fetch(`http://127.0.0.1:${port}/`);
  expect(await res.text()).toBe('pong');
});
