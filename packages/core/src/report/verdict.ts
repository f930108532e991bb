import { resolve } from 'node:path';
import type { Mode } from '../options.js';
import { hasLeaks } from './summary.js';
import { formatResult } from './text.js';
import type { ScopeResult } from './types.js';

/** What an adapter does with a closed scope's result. */
export type Verdict =
  | { action: 'none' }
  /** Something outlived the scope but only allowed processes, or the mode is `warn`. */
  | { action: 'warn'; message: string }
  /** `fail` mode and a leak: throw `error` the runner's way. */
  | { action: 'fail'; message: string; error: Error; spawnFrame: string | undefined };

/**
 * The same rule in every adapter: nothing leaked → nothing; only allowed processes, or `warn` mode →
 * a warning; else an error whose message is the report. `spawnFrame` is a stack line at the first
 * spawn site (absolute), which runners turn into a code frame; the error's stack is the message and
 * that frame, never a trip through reaper's own hook. `declaredAt` is the test's declaration, where
 * the runner knows it (see `formatResult`).
 */
export function judge(result: ScopeResult, mode: Mode, root: string, declaredAt?: string | null): Verdict {
  if (result.leaked.length === 0) return { action: 'none' };
  const message = formatResult(result, declaredAt);
  if (!hasLeaks(result) || mode === 'warn') return { action: 'warn', message };
  const site = result.leaked.find((p) => p.spawnedAt)?.spawnedAt;
  const spawnFrame = site ? `    at ${resolve(root, site)}` : undefined;
  const error = new Error(message);
  error.stack = spawnFrame ? `Error: ${message}\n${spawnFrame}` : `Error: ${message}`;
  return { action: 'fail', message, error, spawnFrame };
}
