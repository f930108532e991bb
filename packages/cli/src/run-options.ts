import { ReaperOptionError, type ReaperOptions, type ResolvedOptions, resolveOptions } from '@reaper/core';
import { UsageError } from './io.js';

export const RUN_FLAGS = [
  { name: '--mode', value: true },
  { name: '--grace-ms', value: true },
  { name: '--kill-wait-ms', value: true },
  { name: '--settle-ms', value: true },
  { name: '--report', value: true },
  { name: '--help', value: false },
  { name: '-h', value: false },
] as const;

const DURATION_FLAGS = {
  '--grace-ms': 'graceMs',
  '--kill-wait-ms': 'killWaitMs',
  '--settle-ms': 'settleMs',
} as const;

/**
 * The options of `reaper run`: its flags win over REAPER_* variables, which win over the defaults
 * (the same precedence as everywhere: flag > environment > config > default).
 */
export function runOptions(
  flags: ReadonlyMap<string, string | true>,
  env: NodeJS.ProcessEnv,
): ResolvedOptions {
  const explicit: ReaperOptions = {};
  const mode = flags.get('--mode');
  if (mode !== undefined) {
    if (mode !== 'fail' && mode !== 'warn' && mode !== 'off') {
      throw new UsageError(
        `reaper run: Expected --mode to be one of 'fail', 'warn', 'off', got \`${String(mode)}\`.`,
      );
    }
    explicit.mode = mode;
  }
  for (const [flag, key] of Object.entries(DURATION_FLAGS)) {
    const value = flags.get(flag);
    if (value === undefined) continue;
    const text = String(value).trim();
    const parsed = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(parsed)) {
      throw new UsageError(
        `reaper run: Expected ${flag} to be a non-negative integer (milliseconds), got \`${String(value)}\`.`,
      );
    }
    explicit[key] = parsed;
  }
  const report = flags.get('--report');
  if (report !== undefined) {
    if (report === true || report.trim() === '') {
      throw new UsageError(`reaper run: Expected --report to be a file path, got \`${String(report)}\`.`);
    }
    explicit.outputFile = report;
  }
  try {
    return resolveOptions({}, { env, explicit, source: 'reaper run' });
  } catch (error) {
    if (error instanceof ReaperOptionError) throw new UsageError(`reaper run: ${error.message}`);
    throw error;
  }
}
