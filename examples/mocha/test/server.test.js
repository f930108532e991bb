const assert = require('node:assert');
const { startServer, stopServer } = require('@reaper/example-server');

describe('one server for the whole suite', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => stopServer(server.child));

  it('answers pong', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    assert.strictEqual(await res.text(), 'pong');
  });

  it('answers again', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/ping`);
    assert.strictEqual(res.status, 200);
  });
});

describe('a server per test', () => {
  let server;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(() => stopServer(server.child));

  it('answers pong', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    assert.strictEqual(await res.text(), 'pong');
  });
});

// Set LEAKY=1 to see reaper fail a test that forgets to stop its server.
(process.env.LEAKY ? it : it.skip)('forgets to stop its server', async () => {
  const { port } = await startServer();
  const res = await fetch(`http://127.0.0.1:${port}/`);
  assert.strictEqual(await res.text(), 'pong');
});
