const { startServer, stopServer } = require('@reaper/example-server');

describe('one server for the whole suite', () => {
  let server;
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
  let server;
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
(process.env.LEAKY ? test : test.skip)('forgets to stop its server', async () => {
  const { port } = await startServer();
  const res = await fetch(`http://127.0.0.1:${port}/`);
  expect(await res.text()).toBe('pong');
});
