import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Io } from './io.js';
import type { HeldSignals } from './signals.js';

/** How the command ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the command could not be started at all. */
  error?: NodeJS.ErrnoException;
}

/** The exit status that stands for how the command ended: its code, or 128 + the signal's number. */
export function statusOf(exit: Exit): number {
  if (exit.error) return exit.error.code === 'ENOENT' ? 127 : 126;
  if (exit.signal) return 128 + (constants.signals[exit.signal] ?? 0);
  return exit.code ?? 1;
}

/**
 * Runs the command with inherited stdio, forwarding signals to it. Resolves when it has exited (or
 * could not be started).
 */
export function runChild(
  command: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io,
  signals: HeldSignals,
): Promise<Exit> {
  return new Promise<Exit>((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env, cwd: io.cwd });
    child.once('error', (error: NodeJS.ErrnoException) => {
      // Only a failed start has no pid; an error after a start (a failed kill) is not an exit.
      if (child.pid !== undefined) return;
      const reason = error.code === 'ENOENT' ? 'command not found' : error.message;
      io.stderr(`reaper run: cannot run \`${command[0]}\`: ${reason}\n`);
      resolve({ code: null, signal: null, error });
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
    if (child.pid !== undefined) signals.forwardTo(child);
  });
}
