import { readSwitches } from '../options.js';
import type { SpawnRecord } from '../realm.js';

/**
 * Long-lived library services belong to the worker, not to the test that happened to start them.
 * esbuild's JS API starts `esbuild --service=<version> --ping` with a piped stdin, unrefs it, and
 * reuses it for every later call in that process; it exits by itself when its stdin closes, that
 * is when the worker goes. Killing it after the first test that used esbuild would break every
 * later esbuild call in the worker, and reporting it would be a false alarm.
 *
 * The rule: a process that a dependency (code under node_modules) spawned with a piped stdin and
 * unref'd, or esbuild's service by its command line, is a worker service. The per-test and
 * per-file checks neither report nor signal it (nor its descendants); `reaper run` still reaps it
 * if it outlives the run. `REAPER_STRICT_SERVICES=1` makes such processes the test's again.
 */
export function isWorkerService(record: SpawnRecord): boolean {
  if (readSwitches().strictServices) return false;
  if (isEsbuildService(record.argv)) return true;
  const child = record.child;
  if (!record.byLibrary || !child) return false;
  return child.stdin != null && !hasRef(child);
}

export function isEsbuildService(argv: readonly string[]): boolean {
  const program = argv[0] ?? '';
  return /(^|[\\/])esbuild(\.exe)?$/.test(program) && argv.some((arg) => arg.startsWith('--service='));
}

/** Whether the child keeps the event loop alive (false once `unref()` was called on it). */
function hasRef(child: object): boolean {
  const handle = (child as { _handle?: { hasRef?: () => boolean } })._handle;
  return typeof handle?.hasRef === 'function' ? handle.hasRef() : true;
}
