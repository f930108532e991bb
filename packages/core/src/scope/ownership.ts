import { getRealm, type Realm, recordForToken, type Scope, type SpawnRecord } from '../realm.js';
import type { LeakKind } from '../report/types.js';
import type { ProcessInfo, ProcessTable } from '../table/types.js';

/** A live process that a scope owns, with how it was found. */
export interface Owned {
  info: ProcessInfo;
  kind: LeakKind;
  /** The recorded spawn it is, or descends from; undefined when unknown. */
  record: SpawnRecord | undefined;
}

interface Claim {
  scope: Scope;
  via: 'record' | 'descent' | 'cookie';
  record: SpawnRecord;
}

/**
 * Everything alive that `scope` owns: its recorded children, their descendants (by ppid), and
 * processes carrying one of its cookie tokens (orphans reparented away, double forks, setsid).
 * Identity is (pid, start time): a pid reused by another process is never anyone's. Only processes
 * created since the scope's first spawn are read, so the cost grows with them, not with the machine.
 */
export function findOwned(scope: Scope, table: ProcessTable): Map<number, Owned> {
  const owned = new Map<number, Owned>();
  if (!scope.mark) return owned;
  const realm = getRealm();
  const candidates = table.listSince(scope.mark);
  // A recorded child is always created after the mark; reading it directly costs little and keeps
  // ownership right even if the pid counter wrapped twice.
  for (const record of scope.records) {
    if (record.startTime !== undefined && !candidates.has(record.pid)) {
      const info = table.read(record.pid);
      if (info && info.startTime === record.startTime) candidates.set(info.pid, info);
    }
  }
  const claims = new Map<number, Claim | null>();
  const claim = (pid: number, depth: number): Claim | null => {
    const known = claims.get(pid);
    if (known !== undefined) return known;
    const info = candidates.get(pid);
    const result =
      info && depth < 4096 ? resolve(realm, info, candidates, table, (p) => claim(p, depth + 1)) : null;
    claims.set(pid, result);
    return result;
  };

  for (const info of candidates.values()) {
    const found = claim(info.pid, 0);
    if (!found || found.scope !== scope) continue;
    const kind = kindOf(info, found);
    if (kind) owned.set(info.pid, { info, kind, record: found.record });
  }
  return owned;
}

function resolve(
  realm: Realm,
  info: ProcessInfo,
  candidates: Map<number, ProcessInfo>,
  table: ProcessTable,
  claim: (pid: number) => Claim | null,
): Claim | null {
  const record = realm.byPid.get(info.pid);
  if (record && record.startTime === info.startTime) return { scope: record.scope, via: 'record', record };

  if (candidates.has(info.ppid)) {
    const parent = claim(info.ppid);
    if (parent) return { scope: parent.scope, via: 'descent', record: parent.record };
  } else {
    // The parent may be a recorded child of a scope opened before this one's first spawn.
    const parentRecord = realm.byPid.get(info.ppid);
    if (parentRecord && table.stat(info.ppid)?.startTime === parentRecord.startTime) {
      return { scope: parentRecord.scope, via: 'descent', record: parentRecord };
    }
  }

  // The innermost token this realm handed out names the spawn it descends from.
  for (let i = info.cookie.length - 1; i >= 0; i--) {
    const byCookie = recordForToken(realm, info.cookie[i]!);
    if (byCookie) return { scope: byCookie.scope, via: 'cookie', record: byCookie };
  }
  return null;
}

function kindOf(info: ProcessInfo, found: Claim): LeakKind | undefined {
  if (info.state === 'zombie') {
    // An exited process is the scope's zombie only while an owned, living parent fails to reap it
    // (found by descent), or while it is this process's own child (reaped on the next turn of the
    // event loop). A zombie reparented to PID 1 or to anyone else counts as gone.
    if (found.via === 'descent') return 'zombie';
    if (found.via === 'record' && info.ppid === process.pid) return 'zombie';
    return undefined;
  }
  if (found.via === 'record') return 'child';
  if (found.via === 'descent') return 'descendant';
  return 'orphan';
}
