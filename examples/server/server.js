// A tiny HTTP service: answers every request with "pong", prints its port once listening.
const http = require('node:http');

const server = http.createServer((_, res) => res.end('pong'));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
