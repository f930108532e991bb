import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INTERNAL_VARS } from '../env.js';
import type { CheckedResults } from '../report/summary.js';
import type { ScopeResult, UnfinishedFile } from '../report/types.js';
import { thisThread } from '../thread.js';

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

/** The results sent already: `Worker.check` sends each one; an adapter's own send is then a no-op. */
const sent = new WeakSet<ScopeResult>();

export function sendResult(result: ScopeResult): void {
  if (sent.has(result)) return;
  sent.add(result);
  send(result);
}

/**
 * A test file's (or, `null`, a whole run's) outermost scope opened in this worker (`begin`), or was
 * checked (`end`). A file begun and never ended is one whose process ended before its checks ran.
 */
export function sendFileMark(mark: 'begin' | 'end', file: string | null): void {
  send({ mark, file });
}

/** This worker checks nothing: `reason` says which runner internal it could not find. */
export function sendLacking(reason: string): void {
  send({ lacking: reason });
}

function send(line: ScopeResult | FileMark | Lacking): void {
  const dir = process.env[INTERNAL_VARS.results];
  if (!dir) return;
  try {
    appendFileSync(join(dir, `${process.pid}-${thisThread().threadId}.jsonl`), `${JSON.stringify(line)}\n`);
  } catch {
    // The reporter is gone or the run is over: the test's own failure still says everything.
  }
}

interface FileMark {
  mark: 'begin' | 'end';
  file: string | null;
}

interface Lacking {
  lacking: string;
}

/**
 * What the workers sent: every scope result, the files whose process ended before their checks ran,
 * what they lacked, and how many files (or runs) the workers that lacked nothing began checking:
 * none, where tests ran, says reaper never ran in a worker.
 */
export type ChannelContents = Required<CheckedResults> & { began: number };

const UNFINISHED_REASON = "its worker process ended before reaper's checks of it ran";

/** Everything the workers sent; then the directory is removed. */
export function drainResultsChannel(dir: string): ChannelContents {
  const contents = readResultsChannel(dir);
  rmSync(dir, { recursive: true, force: true });
  if (process.env[INTERNAL_VARS.results] === dir) delete process.env[INTERNAL_VARS.results];
  return contents;
}

/** Everything the workers have sent so far, the directory left as it is. */
export function readResultsChannel(dir: string): ChannelContents {
  const results: ScopeResult[] = [];
  const unfinished: UnfinishedFile[] = [];
  const lacking: string[] = [];
  const contents: ChannelContents = { results, unfinished, lacking, began: 0 };
  let files: string[] = [];
  try {
    files = readdirSync(dir).sort();
  } catch {
    return contents;
  }
  for (const file of files) {
    // Files begun in this worker (one process or thread) and not ended, oldest first.
    const open: (string | null)[] = [];
    let begun = 0;
    let lacked = false;
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      let parsed: ScopeResult | FileMark | Lacking;
      try {
        parsed = JSON.parse(line) as ScopeResult | FileMark | Lacking;
      } catch {
        // A worker killed mid-write leaves half a line; the rest of its results still count.
        continue;
      }
      if ('lacking' in parsed) {
        lacked = true;
        if (!lacking.includes(parsed.lacking)) lacking.push(parsed.lacking);
      } else if (!('mark' in parsed)) results.push(parsed);
      else if (parsed.mark === 'begin') {
        open.push(parsed.file);
        begun++;
      } else if (open.includes(parsed.file)) open.splice(open.indexOf(parsed.file), 1);
    }
    // A worker that lacked a runner internal checked nothing from then on: its files are neither
    // counted as begun nor named unfinished one by one; the lack itself is reported (`settleLacking`).
    if (lacked) continue;
    contents.began += begun;
    for (const name of open) unfinished.push({ file: name, reason: UNFINISHED_REASON });
  }
  return contents;
}
