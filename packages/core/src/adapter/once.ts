/**
 * True the first time `key` is claimed in this realm (a process, a worker thread, or a runner's
 * sandbox with globals of its own), false after: an adapter's install counts once where it is
 * called twice (its setup entry and a setup file of the user's that calls `installReaper`).
 */
export function firstInRealm(key: string): boolean {
  const realm = globalThis as { [key: symbol]: boolean | undefined };
  const symbol = Symbol.for(key);
  if (realm[symbol]) return false;
  realm[symbol] = true;
  return true;
}
