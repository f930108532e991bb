import type { LeakedProcess, ScopeResult } from './types.js';

/**
 * What a leaked process's line adds after its spawn site: ` in test "watch > restarts"
 * (test/watch.test.js:12)` when the site has no frame in the test file — no `calledFrom`, and
 * `spawnedAt` elsewhere or unknown: a library's callback (a watcher's restart, a timer) spawned after
 * the test's own frames were gone. `declaredAt` is the test's declaration (`scope/declared.ts`);
 * without it, and for scopes that are not tests, nothing is added.
 */
export function inTestNote(
  result: Pick<ScopeResult, 'scope' | 'file' | 'test'>,
  declaredAt: string | null | undefined,
): (p: LeakedProcess) => string {
  if (!declaredAt || result.scope !== 'test') return () => '';
  const note = ` in test "${result.test ?? '?'}" (${declaredAt})`;
  return (p) => (p.calledFrom || inFile(p.spawnedAt, result.file) ? '' : note);
}

/** Whether a `file:line:column` site is in `file`. */
function inFile(site: string | null, file: string | null): boolean {
  return (
    site !== null &&
    file !== null &&
    site.startsWith(`${file}:`) &&
    /^\d+:\d+$/.test(site.slice(file.length + 1))
  );
}
