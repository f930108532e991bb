const t = require('tap');
const { startServer, stopServer } = require('@reaper/example-server');

t.test('one server for the whole block', async (t) => {
  const server = await startServer();
  t.teardown(() => stopServer(server.child));

  t.test('answers pong', async (t) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    t.equal(await res.text(), 'pong');
  });
  t.test('answers again', async (t) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/ping`);
    t.equal(res.status, 200);
  });
});

t.test('a server per subtest', async (t) => {
  let server;
  t.beforeEach(async () => {
    server = await startServer();
  });
  t.afterEach(() => stopServer(server.child));

  t.test('answers pong', async (t) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    t.equal(await res.text(), 'pong');
  });
});

// Set LEAKY=1 to see reaper fail a subtest that forgets to stop its server.
t.test('forgets to stop its server', { skip: !process.env.LEAKY }, async (t) => {
  const { port } = await startServer();
  const res = await fetch(`http://127.0.0.1:${port}/`);
  t.equal(await res.text(), 'pong');
});
