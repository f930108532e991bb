const test = require('ava');
const { startServer, stopServer } = require('@reaper/example-server');

// One server for the whole file: started in `before`, stopped in `after.always`.
let shared;
test.before(async () => {
  shared = await startServer();
});
test.after.always(() => stopServer(shared.child));

test('answers pong', async (t) => {
  const res = await fetch(`http://127.0.0.1:${shared.port}/`);
  t.is(await res.text(), 'pong');
});

// A server per test, stopped by the test's teardown. AVA runs these at the same time.
for (const path of ['/', '/ping', '/health']) {
  test(`a server of its own answers ${path}`, async (t) => {
    const server = await startServer();
    t.teardown(() => stopServer(server.child));
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
    t.is(res.status, 200);
  });
}

// Set LEAKY=1 to see reaper fail a test that forgets to stop its server.
(process.env.LEAKY ? test : test.skip)('forgets to stop its server', async (t) => {
  const { port } = await startServer();
  const res = await fetch(`http://127.0.0.1:${port}/`);
  t.is(await res.text(), 'pong');
});
