import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { INTERNAL_VARS } from '../env.js';
import type { ScopeResult } from '../report/types.js';

/**
 * How scope results travel from a runner's workers (processes or threads) to its reporter in the
 * main process, for runners that offer no channel of their own: the reporter makes a directory and
 * names it in the environment, which every worker inherits; each worker appends one JSON line per
 * scope to a file of its own.
 */
export function openResultsChannel(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reaper-results-'));
  process.env[INTERNAL_VARS.results] = dir;
  return dir;
}

export function sendResult(result: ScopeResult): void {
  const dir = process.env[INTERNAL_VARS.results];
  if (!dir) return;
  try {
    appendFileSync(join(dir, `${process.pid}-${threadId}.jsonl`), `${JSON.stringify(result)}\n`);
  } catch {
    // The reporter is gone or the run is over: the test's own failure still says everything.
  }
}

/** Every result the workers sent; then the directory is removed. */
export function drainResultsChannel(dir: string): ScopeResult[] {
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
  rmSync(dir, { recursive: true, force: true });
  if (process.env[INTERNAL_VARS.results] === dir) delete process.env[INTERNAL_VARS.results];
  return results;
}
