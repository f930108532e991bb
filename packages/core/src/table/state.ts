import type { ProcessState } from './types.js';

/**
 * The first letter of a process state, as `/proc/<pid>/stat` and every `ps` (procps, macOS, the
 * BSDs) print it. `I` is an idle kernel thread on Linux and a process asleep for over 20 s on
 * macOS; `U` is macOS's uninterruptible wait.
 */
const STATES: Record<string, ProcessState> = {
  R: 'running',
  S: 'sleeping',
  D: 'sleeping',
  I: 'sleeping',
  U: 'sleeping',
  T: 'stopped',
  t: 'stopped',
  Z: 'zombie',
  X: 'zombie',
};

/** The state named by the first letter of `letters`; `other` for anything unknown. */
export function stateOf(letters: string): ProcessState {
  return STATES[letters.charAt(0)] ?? 'other';
}
