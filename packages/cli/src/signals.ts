import type { ChildProcess } from 'node:child_process';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** The third signal received while the command runs is no longer forwarded: the command is killed. */
const FORCE_AFTER = 3;

/** What `holdSignals` returns: where to forward, and how to let go. */
export interface HeldSignals {
  forwardTo(child: ChildProcess): void;
  release(): void;
}

/**
 * Holds SIGINT, SIGTERM and SIGHUP for as long as `reaper run` works: while the command runs they
 * are forwarded to it (the third one kills it); once it has exited they are ignored, so that a
 * signal sent to the whole process group cannot cut the (bounded) reaping short.
 */
export function holdSignals(): HeldSignals {
  let child: ChildProcess | undefined;
  let received = 0;
  const handlers = SIGNALS.map((signal) => {
    const handler = () => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      received++;
      try {
        child.kill(received >= FORCE_AFTER ? 'SIGKILL' : signal);
      } catch {
        // Already gone: its exit is on its way.
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    forwardTo(target) {
      child = target;
    },
    release() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}
