import { getRealm } from '../realm.js';
import { isPlatformSupported } from '../table/index.js';

/** Prints `message` as a warning once per realm (a worker sees many test files). */
export function noticeOnce(message: string): void {
  const notices = getRealm().notices;
  if (notices.has(message)) return;
  notices.add(message);
  console.warn(message);
}

/** Why nothing can be checked here; undefined where this platform has a process table. */
export function skipReason(): string | undefined {
  return isPlatformSupported()
    ? undefined
    : `platform \`${process.platform}\` is not supported yet (no process table backend)`;
}
