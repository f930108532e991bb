const { spawn } = require('node:child_process');
const { join } = require('node:path');

/** Starts server.js; resolves once it listens, with the process and its port. */
function startServer() {
  const child = spawn(process.execPath, [join(__dirname, 'server.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const how = signal ? `by ${signal}` : `with code ${code}`;
      reject(new Error(`${child.spawnargs[1]} exited ${how} before it printed the port it listens on`));
    });
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
