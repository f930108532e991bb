import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { getRealm, type Realm, type Scope, type SpawnRecord, tokenOf } from '../realm.js';
import { currentScope } from '../scope/registry.js';
import { getProcessTable } from '../table/index.js';
import { noteListenersBefore } from '../table/listeners-before.js';
import { becomeSubreaper } from '../terminate/adopted.js';
import { wallNow } from '../wall-clock.js';
import { withCookie } from './cookie.js';
import { ownCodeDirectory, registerInternalPath, thisFile } from './own-code.js';
import { captureSpawnSite } from './spawn-site.js';

/** A spawn about to happen inside a scope: its cookie is in the environment, its site is known. */
export interface PendingSpawn {
  realm: Realm;
  scope: Scope;
  key: string;
  spawnedAt: string | null;
  calledFrom: string | null;
  /** Epoch ms, just before the real spawn. */
  startedAt: number;
  byLibrary: boolean;
  envPairs: string[];
}

/**
 * Called by both hooks before the real spawn. Returns undefined for spawns that belong to no test:
 * no scope is current, the hook is inactive, or reaper's own code is spawning.
 */
export function beforeSpawn(envPairs: unknown): PendingSpawn | undefined {
  const realm = getRealm();
  if (realm.suspended > 0) return undefined;
  const scope = currentScope(realm);
  if (!scope) return undefined;
  if (!realm.ownCodeKnown) {
    // reaper's own frames are never a spawn site: its directory, from this file (the kit's part
    // that records spawns lies beside the rest of it).
    realm.ownCodeKnown = true;
    const own = thisFile();
    if (own) registerInternalPath(ownCodeDirectory(own));
  }
  const testFile = scope.file === null ? undefined : resolve(realm.root, scope.file);
  const { site, byRunner, byLibrary, calledFrom } = captureSpawnSite(
    realm.root,
    realm.internalPaths,
    realm.runnerPaths,
    testFile,
    realm.errorClass,
  );
  if (byRunner) return undefined;
  realm.armInterruptGuard?.();
  // With the optional koffi: orphans below this process come back to it (found by ppid). Done at
  // the first spawn a scope records, before it happens, not when the hook is installed: a test file
  // that spawns nothing (or only through the runner or reaper itself) never loads koffi.
  becomeSubreaper();
  // The listening sockets that exist before this realm first spawns are no spawned process's own:
  // describing a leaked process then need not read its open files for them (PID 1's, a database's).
  noteListenersBefore();
  // Everything the scope will own is created after its first spawn.
  scope.mark ??= getProcessTable().mark();
  const key = `${scope.id}:${scope.nextSeq++}`;
  const pairs = Array.isArray(envPairs) ? (envPairs as string[]) : [];
  return {
    realm,
    scope,
    key,
    spawnedAt: site,
    calledFrom,
    startedAt: wallNow(),
    byLibrary,
    envPairs: withCookie(pairs, realm.inherited, tokenOf(realm, { key })),
  };
}

/** How a spawnSync child ended: it is complete when the hook sees it. */
export interface SyncEnd {
  exitCode: number | null;
  signal: string | null;
}

/**
 * Called after the real spawn succeeded with `pid`: `child` for an asynchronous spawn (its `exit`
 * event completes the record), `ended` for a synchronous one.
 */
export function afterSpawn(
  pending: PendingSpawn,
  pid: number,
  argv: readonly string[],
  child: ChildProcess | undefined,
  ended?: SyncEnd,
): void {
  const { realm, scope } = pending;
  // For an asynchronous spawn the child cannot have been reaped yet (that needs the event loop),
  // so its start time is readable now; a spawnSync child is already gone.
  const startTime = child ? getProcessTable().stat(pid)?.startTime : undefined;
  const record: SpawnRecord = {
    key: pending.key,
    pid,
    startTime,
    scope,
    argv: [...argv],
    spawnedAt: pending.spawnedAt,
    calledFrom: pending.calledFrom,
    startedAt: pending.startedAt,
    endedAt: ended ? wallNow() : null,
    exitCode: ended?.exitCode ?? null,
    signal: ended?.signal ?? null,
    child,
    byLibrary: pending.byLibrary,
  };
  scope.spawned++;
  scope.records.push(record);
  realm.byKey.set(record.key, record);
  if (child) {
    realm.byPid.set(pid, record);
    child.once('exit', (code, signal) => {
      record.endedAt = wallNow();
      record.exitCode = code;
      record.signal = signal;
    });
  }
}
