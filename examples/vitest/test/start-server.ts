import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const serverFile = fileURLToPath(new URL('../src/server.mjs', import.meta.url));

export interface Server {
  child: ChildProcess;
  port: number;
}

/** Starts the service; resolves once it listens, with its port. */
export function startServer(): Promise<Server> {
  const child = spawn(process.execPath, [serverFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout?.once('data', (data) => resolve({ child, port: Number(String(data).trim()) }));
  });
}

/** Stops it and waits for the exit. */
export function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill();
  return exited;
}
