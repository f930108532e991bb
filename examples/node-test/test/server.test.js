const { after, afterEach, before, beforeEach, describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, stopServer } = require('@reaper/example-server');

describe('one server for the whole suite', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => stopServer(server.child));

  test('answers pong', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    assert.equal(await res.text(), 'pong');
  });

  test('answers again', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/ping`);
    assert.equal(res.status, 200);
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
    assert.equal(await res.text(), 'pong');
  });
});

// Set LEAKY=1 to see reaper fail a test that forgets to stop its server.
test('forgets to stop its server', { skip: !process.env.LEAKY }, async () => {
  const { port } = await startServer();
  const res = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(await res.text(), 'pong');
});
