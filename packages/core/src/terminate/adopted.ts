import { readSwitches } from '../options.js';
import { getRealm } from '../realm.js';
import { readProcFile } from '../table/proc-file.js';
import { loadFfi } from './ffi.js';

/**
 * With the optional `koffi` package, on Linux, the worker becomes a child subreaper: an orphan
 * below it (a double fork, `setsid`, even one that cleared its environment) is reparented to the
 * worker instead of PID 1, so ownership can still see it. Once per process. Returns whether it is.
 */
export function becomeSubreaper(): boolean {
  const realm = getRealm();
  if (realm.subreaper !== undefined) return realm.subreaper;
  const ffi = readSwitches().subreaper ? loadFfi() : null;
  realm.subreaper = ffi?.becomeSubreaper() ?? false;
  return realm.subreaper;
}

/**
 * A process that adopts orphans — PID 1 (a container started without an init), or a subreaper —
 * must reap their zombies, and Node never does: they would pile up. reaper reaps the zombies this
 * process adopted — one `waitpid(pid)` each, never `waitpid(-1)`, and never for a child Node itself
 * started (libuv reaps those). As PID 1 it says so once (and, without `koffi`, that it cannot).
 * Returns how many were reaped.
 */
export function reapAdoptedZombies(): number {
  const realm = getRealm();
  if (process.pid !== 1 && realm.subreaper !== true) return 0;
  const ffi = loadFfi();
  if (process.pid === 1 && !realm.adoptedNotice) {
    realm.adoptedNotice = true;
    console.warn(
      ffi
        ? 'reaper: this process is PID 1 (no init): it reaps the zombies it adopts. Running tests under an init (docker run --init, tini) avoids this.'
        : 'reaper: this process is PID 1 (no init): zombies it adopts are never reaped. Install the optional `koffi` package to let reaper reap them, or run tests under an init (docker run --init, tini).',
    );
  }
  if (!ffi) return 0;
  let reaped = 0;
  // waitpid(pid, WNOHANG) leaves a live child alone: cheaper than reading its state first.
  for (const pid of childrenOfThisProcess()) {
    if (!realm.ownChildren.has(pid) && ffi.reap(pid)) reaped++;
  }
  return reaped;
}

/**
 * This process's children, from `/proc/self/task/<pid>/children`: the kernel hands an adopted
 * orphan to the first live thread of the subreaper, the main thread. One small read.
 */
function childrenOfThisProcess(): number[] {
  const text = readProcFile(`/proc/self/task/${process.pid}/children`) ?? '';
  return text.split(' ').filter(Boolean).map(Number);
}
