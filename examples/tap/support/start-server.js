const { spawn } = require('node:child_process');
const { join } = require('node:path');

/** Starts server.js; resolves with the process and the port it listens on. */
function startServer() {
  const child = spawn(process.execPath, [join(__dirname, '..', 'server.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (data) => resolve({ child, port: Number(String(data).trim()) }));
  });
}

/** Stops it and waits for the exit. */
function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  return exited;
}

module.exports = { startServer, stopServer };
