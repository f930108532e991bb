import { localRequire } from './local-require.js';

/** This realm's thread: `node:worker_threads`, loaded the first time it is asked for. */
export interface ThisThread {
  readonly isMainThread: boolean;
  readonly threadId: number;
}

let thread: ThisThread | undefined;

/**
 * Whether this realm is a process's main thread, and its thread id. Loading `node:worker_threads`
 * costs a worker's start about 2 ms, and most test files never need it (it is asked for when a
 * notice is said, or a result sent).
 */
export function thisThread(): ThisThread {
  thread ??= localRequire('node:worker_threads') as ThisThread;
  return thread;
}
