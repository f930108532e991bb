import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { ScopeResult } from '@reaper/core';

/**
 * How per-scope results travel from Jest's workers (processes or threads) to the reporter in the
 * main process: the reporter makes a directory and names it in the environment, which every worker
 * inherits; each worker appends one JSON line per scope to a file of its own.
 */
export const RESULTS_DIR_VAR = 'REAPER_JEST_RESULTS';
export const ROOT_DIR_VAR = 'REAPER_JEST_ROOT';

export function openChannel(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reaper-jest-'));
  process.env[RESULTS_DIR_VAR] = dir;
  return dir;
}

export function sendResult(result: ScopeResult): void {
  const dir = process.env[RESULTS_DIR_VAR];
  if (!dir) return;
  try {
    appendFileSync(join(dir, `${process.pid}-${threadId}.jsonl`), `${JSON.stringify(result)}\n`);
  } catch {
    // The reporter is gone or the run is over: the test's own failure still says everything.
  }
}

export function readChannel(dir: string): ScopeResult[] {
  const results: ScopeResult[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir).sort();
  } catch {
    return results;
  }
  for (const file of files) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      try {
        results.push(JSON.parse(line) as ScopeResult);
      } catch {
        // A worker killed mid-write leaves half a line; the rest of its results still count.
      }
    }
  }
  return results;
}

export function closeChannel(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  if (process.env[RESULTS_DIR_VAR] === dir) delete process.env[RESULTS_DIR_VAR];
}
