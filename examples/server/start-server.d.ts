import type { ChildProcess } from 'node:child_process';

export interface Server {
  child: ChildProcess;
  port: number;
}

/** Starts server.js; resolves once it listens, with the process and its port. */
export function startServer(): Promise<Server>;

/** Stops it and waits for the exit. */
export function stopServer(child: ChildProcess): Promise<void>;
