import { getRealm, type HookHandle } from '../realm.js';
import { patchAsyncSpawn } from './async-spawn.js';
import { patchSyncSpawn } from './sync-spawn.js';

export { registerInternalPath } from './own-code.js';

/**
 * Installs the spawn hook in this realm (process or worker thread). Idempotent and counted: two
 * adapters, or two copies of this package, install it once; each `installHook` is matched by one
 * `uninstallHook`.
 */
export function installHook(): HookHandle {
  const realm = getRealm();
  // The caller is the test file about to run: its spawn sites are mapped its way (see Realm).
  realm.errorClass = Error;
  if (realm.hook) {
    realm.hook.installs++;
    realm.hook.active = true;
    return realm.hook;
  }
  // A wrapper left in place under someone else's (see uninstall) stays inert after a reinstall:
  // only the wrappers of the current handle record, so a spawn is never recorded twice.
  const isCurrent = () => realm.hook === handle && handle.active;
  const undoAsync = patchAsyncSpawn(isCurrent);
  const sync = patchSyncSpawn(isCurrent);
  const handle: HookHandle = {
    installs: 1,
    active: true,
    sync: sync.via,
    uninstall() {
      handle.active = false;
      undoAsync();
      sync.undo();
      realm.hook = undefined;
    },
  };
  realm.hook = handle;
  return handle;
}

/** Undoes one `installHook`; the last one removes the hook (or disables it, when wrapped over). */
export function uninstallHook(): void {
  const hook = getRealm().hook;
  if (!hook) return;
  hook.installs--;
  if (hook.installs <= 0) hook.uninstall();
}

export function isHookInstalled(): boolean {
  return getRealm().hook?.active === true;
}

/**
 * Spawns whose stack passes through a path containing `fragment` belong to the runner (e.g. a Jest
 * transformer that starts a helper while a test is running): never recorded, never signalled.
 */
export function registerRunnerPath(fragment: string): void {
  const realm = getRealm();
  if (!realm.runnerPaths.includes(fragment)) realm.runnerPaths.push(fragment);
}

/** Sets the directory that spawn sites and file names are relative to. */
export function setProjectRoot(dir: string): void {
  getRealm().root = dir;
}
