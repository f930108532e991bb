import { getRealm } from '../realm.js';
import type { ProcessTable } from '../table/types.js';
import { loadFfi } from './ffi.js';

/**
 * When this process is PID 1 (a container started without an init), every orphan on the machine
 * is reparented to it, and Node never reaps them: their zombies pile up. reaper reaps the zombies
 * this process adopted — one `waitpid(pid)` each, never `waitpid(-1)`, and never for a child Node
 * itself started (libuv reaps those) — and says so once. Needs the optional `koffi` package; without
 * it, it says that once instead. Returns how many were reaped.
 */
export function reapAdoptedZombies(table: ProcessTable): number {
  if (process.pid !== 1) return 0;
  const realm = getRealm();
  const ffi = loadFfi();
  if (!realm.adoptedNotice) {
    realm.adoptedNotice = true;
    console.warn(
      ffi
        ? 'reaper: this process is PID 1 (no init): it reaps the zombies it adopts. Running tests under an init (docker run --init, tini) avoids this.'
        : 'reaper: this process is PID 1 (no init): zombies it adopts are never reaped. Install the optional `koffi` package to let reaper reap them, or run tests under an init (docker run --init, tini).',
    );
  }
  if (!ffi) return 0;
  let reaped = 0;
  for (const info of table.listAll().values()) {
    if (info.state !== 'zombie' || info.ppid !== process.pid || realm.ownChildren.has(info.pid)) continue;
    if (ffi.reap(info.pid)) reaped++;
  }
  return reaped;
}
