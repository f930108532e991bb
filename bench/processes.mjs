// The bench's own processes and the machine's: liveness, trees, and filling the machine with
// `sleep`s that are not this process's children (a busy machine, not a busy worker). Every wait is
// bounded; the bench ends only the processes it started, by pid and start time.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const alive = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
};

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const untilGone = async (pids) => {
  const deadline = performance.now() + 10_000;
  while (pids.some(alive)) {
    if (performance.now() > deadline) throw new Error(`still alive after 10 s: ${pids.filter(alive)}`);
    await sleep(1);
  }
};

/** Every pid in the tree under `root`, read from /proc (not timed). */
export const treeOf = (root) => {
  const children = new Map();
  for (const name of procPids()) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {}
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
};

export const procPids = () => readdirSync('/proc').filter((n) => /^\d+$/.test(n));

export const countProcesses = () => procPids().length;

/** The start time of a pid (field 22 of its stat), or undefined when it is gone. */
export const startTimeOf = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
};

/** A bound on one wait of the bench's own setup, so that a shell that dies early cannot hang it. */
const FILL_WAIT_MS = 60_000;

/** Every fill not yet ended: what an exit or a signal on the way must still end. */
const live = new Set();
/** SIGKILLs a fill's sleeps (each only while its pid has the start time it had) and its shell. */
const killNow = ({ shell, sleeps }) => {
  for (const { pid, startTime } of sleeps) {
    if (startTime === undefined || startTimeOf(pid) !== startTime) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  if (shell && shell.exitCode === null && shell.signalCode === null) shell.kill('SIGKILL');
};
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const onExit = () => {
  for (const filled of live) killNow(filled);
};
const onSignal = (signal) => {
  onExit();
  for (const other of SIGNALS) process.off(other, onSignal);
  process.kill(process.pid, signal);
};
/** Listens while a fill lives: an exit or a signal (Ctrl-C) on the way ends its processes first. */
const track = (filled) => {
  if (live.size === 0) {
    process.on('exit', onExit);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  live.add(filled);
};
const untrack = (filled) => {
  live.delete(filled);
  if (live.size === 0) {
    process.off('exit', onExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
};

/**
 * Adds `count` processes to the machine: `sleep`s that are not this process's children (a shell of
 * ours starts them; children of ours would measure libuv and the garbage collector, which track
 * each one, not the scan of a busy machine). Resolves, once they all run, with the shell, its exit,
 * and each sleep's pid and start time (printed by the shell as it starts them, and read then): what
 * `unfill` ends, and only those; an exit or a signal before `unfill` ends them too. Nothing to add
 * starts nothing.
 */
export const fill = async (count) => {
  if (count <= 0) return { shell: undefined, exited: Promise.resolve(), sleeps: [] };
  const shell = spawn(
    'sh',
    [
      '-c',
      `i=0; while [ "$i" -lt ${count} ]; do sleep 600 & echo "$!"; i=$((i + 1)); done; echo ready; wait`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  // Listened for from the start: the shell may end before anyone awaits it.
  const exited = new Promise((resolve) => shell.once('exit', resolve));
  const filled = { shell, exited, sleeps: [] };
  track(filled);
  let pending = '';
  let ready = false;
  shell.stdout.setEncoding('latin1');
  const isReady = new Promise((resolve) =>
    shell.stdout.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (line === 'ready') ready = true;
        else if (/^\d+$/.test(line)) filled.sleeps.push({ pid: Number(line), startTime: startTimeOf(line) });
      }
      if (ready) resolve();
    }),
  );
  let timer;
  const failed = await Promise.race([
    isReady.then(() => undefined),
    exited.then(() => `the fill shell exited before it started its ${count} sleeps`),
    new Promise((resolve) => {
      timer = setTimeout(
        resolve,
        FILL_WAIT_MS,
        `the fill shell did not start its ${count} sleeps within ${FILL_WAIT_MS} ms`,
      );
    }),
  ]);
  clearTimeout(timer);
  filled.sleeps = filled.sleeps.filter((s) => s.startTime !== undefined);
  if (failed) {
    await unfill(filled);
    throw new Error(`bench: ${failed} (${filled.sleeps.length} running)`);
  }
  return filled;
};
/** Brings the machine to at least `target` processes (none added when it has that many already). */
export const fillTo = (target) => fill(target - countProcesses());
/**
 * Ends a fill: its sleeps by pid, each only while the pid still has the start time it had (never a
 * process that reused the pid), then the shell; waits, bounded, for all of them to be gone.
 */
export const unfill = async (filled) => {
  const { shell, exited, sleeps } = filled;
  for (const { pid, startTime } of sleeps) {
    if (startTimeOf(pid) !== startTime) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  untrack(filled);
  await untilGone(
    sleeps.filter(({ pid, startTime }) => startTimeOf(pid) === startTime).map(({ pid }) => pid),
  );
  if (!shell) return;
  if (shell.exitCode === null && shell.signalCode === null) shell.kill('SIGKILL');
  let timer;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, FILL_WAIT_MS)))]);
  clearTimeout(timer);
  if (shell.exitCode === null && shell.signalCode === null) {
    throw new Error(`bench: the fill shell ${shell.pid} did not exit within ${FILL_WAIT_MS} ms of SIGKILL`);
  }
};

/**
 * Fills the machine with `count` more processes for the whole run (`BENCH_BESIDE`; none by
 * default): the bench beside a busy machine's others. Returns the function that ends them (an exit
 * or a signal on the way ends them too: see `fill`).
 */
export async function besideOthers(count) {
  const filled = await fill(count);
  return () => unfill(filled);
}
