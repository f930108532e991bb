import { type Server, startServer, stopServer } from '@reaper/example-server';
import { beforeAll, describe, expect, test } from 'vitest';

describe('one server for the whole suite', () => {
  let server: Server;
  // What beforeAll returns, Vitest runs after the suite: the server stops there.
  beforeAll(async () => {
    server = await startServer();
    return () => stopServer(server.child);
  });

  test.each(['/', '/ping'])('answers %s with pong', async (path) => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('pong');
  });
});

// A server per test, as a fixture: started for each test that asks for it, stopped after it.
const withServer = test.extend<{ server: Server }>({
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this pattern.
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await stopServer(server.child);
  },
});

withServer('answers pong from a server of its own', async ({ server }) => {
  const res = await fetch(`http://127.0.0.1:${server.port}/`);
  expect(await res.text()).toBe('pong');
});

// Set LEAKY=1 to see reaper fail a test that forgets to stop its server.
test.runIf(process.env.LEAKY)('forgets to stop its server', async () => {
  const { port } = await startServer();
  const res = await fetch(`http://127.0.0.1:${port}/`);
  expect(await res.text()).toBe('pong');
});
