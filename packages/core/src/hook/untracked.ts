import { getRealm } from '../realm.js';

/** Runs `fn` with the hook looking away: what it spawns belongs to no test (reaper's own helpers). */
export function untracked<T>(fn: () => T): T {
  const realm = getRealm();
  realm.suspended++;
  try {
    return fn();
  } finally {
    realm.suspended--;
  }
}
