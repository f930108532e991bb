import { type Server, startServer, stopServer } from '@reaper/example-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';

describe('one server for the whole suite', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => stopServer(server.child));

  test('answers pong', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(await res.text()).toBe('pong');
  });

  test('answers again', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/ping`);
    expect(res.status).toBe(200);
  });
});

describe('a server per test', () => {
  let server: Server;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(() => stopServer(server.child));

  test('answers pong', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(await res.text()).toBe('pong');
  });
});

// Set LEAKY=1 to see reaper fail a test that forgets to stop its server.
test.runIf(process.env.LEAKY)('forgets to stop its server', async () => {
  const { port } = await startServer();
  const res = await fetch(`http://127.0.0.1:${port}/`);
  expect(await res.text()).toBe('pong');
});
