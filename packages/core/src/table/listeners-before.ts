import { getRealm } from '../realm.js';
import { dumpListeners, type ListenerDump, socketInodes } from './ports.js';

/**
 * Notes, once per realm, just before its first recorded spawn, the listening sockets of this
 * network namespace that exist then and that this process does not hold (`Realm.listenersBefore`).
 *
 * A process this realm spawns holds a listening socket it made itself (made later, so not among
 * these), or one it inherited from this process (held here, so not among these either), or one handed
 * to it over a Unix socket (which is not looked for). So a leaked process's open files need reading
 * only for the sockets that are not among these: on a machine where the only listeners are others'
 * (PID 1's, a database's), describing leaked processes reads no open files at all.
 *
 * One `sock_diag` dump (with koffi; nothing is noted without it) and this process's open files:
 * a fraction of a millisecond, once per process that spawns.
 */
export function noteListenersBefore(): void {
  const realm = getRealm();
  if (realm.listenersBefore !== undefined) return;
  realm.listenersBefore = null;
  try {
    realm.listenersBefore = listenersNotHeld();
  } catch {
    // Called before a user's spawn, which must never fail for it: null, every listener is looked for.
  }
}

/** The listening sockets of `dump` that this process does not hold; null when there is no dump. */
export function listenersNotHeld(dump: ListenerDump = dumpListeners): Set<string> | null {
  const listed = dump();
  if (!listed) return null;
  const held = socketInodes('/proc/self');
  return new Set([...listed.keys()].filter((inode) => !held.has(inode)));
}
