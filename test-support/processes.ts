import { type ChildProcess, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Every process our tests start inherits this marker; after each test, anything still carrying it
 * is ended by PID. It is the safety net under each test's own `finally`, so a failing assertion
 * never leaves a process behind.
 */
export const TEST_MARK_VAR = 'REAPER_TEST_MARK';
const mark = `${TEST_MARK_VAR}=${process.pid}-${randomBytes(4).toString('hex')}`;
process.env[TEST_MARK_VAR] = mark.slice(TEST_MARK_VAR.length + 1);

/** Without /proc (macOS, the BSDs) the helpers below read `ps`. */
const hasProc = existsSync('/proc/self/stat');

/** `ps` rows (pid, state, then the command line and its environment) of every process, or one. */
function psRows(pid?: number): { pid: number; zombie: boolean; text: string }[] {
  const environment = process.platform === 'darwin' ? '-E' : '-e';
  const which = pid === undefined ? ['-A'] : ['-p', String(pid)];
  const run = spawnSync('ps', ['-ww', environment, ...which, '-o', 'pid=', '-o', 'stat=', '-o', 'args='], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  const rows = [];
  for (const line of (run.stdout ?? '').split('\n')) {
    const match = /^\s*(\d+)\s+(\S+)\s?(.*)$/.exec(line);
    if (match && Number(match[1]) !== run.pid) {
      rows.push({ pid: Number(match[1]), zombie: match[2]!.startsWith('Z'), text: ` ${match[3]} ` });
    }
  }
  return rows;
}

/** Pids of live processes (not zombies) started by this test file, found by marker. */
export function findMarked(): number[] {
  if (!hasProc) {
    return psRows()
      .filter((row) => row.pid !== process.pid && !row.zombie && row.text.includes(` ${mark} `))
      .map((row) => row.pid);
  }
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (environ.split('\0').includes(mark)) out.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** SIGKILLs whatever this test file started and left alive; returns their pids. */
export function killMarked(): number[] {
  const pids = findMarked();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Whether a process with this pid is alive (a zombie counts as dead). */
export function isAlive(pid: number): boolean {
  if (!hasProc) return psRows(pid).some((row) => row.pid === pid && !row.zombie);
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves with the first stdout line containing `text`; rejects after `timeoutMs`. */
export function waitForOutput(child: ChildProcess, text: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(
          `Timed out after ${timeoutMs} ms waiting for "${text}" from pid ${child.pid}; got: ${seen}`,
        ),
      );
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split('\n').find((l) => l.includes(text));
      if (line !== undefined) {
        cleanup();
        resolve(line);
      }
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`pid ${child.pid} exited before printing "${text}"; got: ${seen}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Polls until `check` holds, up to `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}
