import { getRealm, type Realm, recordForToken, type Scope, type SpawnRecord } from '../realm.js';
import type { LeakKind } from '../report/types.js';
import type { ProcessStat, ProcessTable } from '../table/types.js';
import { isWorkerService } from './services.js';

/** A live process that a scope owns, with how it was found. */
export interface Owned {
  info: ProcessStat & { argv: string[] };
  kind: LeakKind;
  /** The recorded spawn it is, or descends from; undefined when unknown. */
  record: SpawnRecord | undefined;
  /**
   * Its argv was read by this look, after its exec (a recorded child, spawned once its exec was
   * done, or a process whose name is not its parent's): the command line to report as it is.
   */
  argvFresh: boolean;
}

interface Claim {
  scope: Scope;
  via: 'record' | 'descent' | 'cookie' | 'adopted';
  /** The recorded spawn it is or descends from; undefined for an adopted stranger. */
  record: SpawnRecord | undefined;
}

/** One look at what a scope owns. */
export interface Look {
  owned: Map<number, Owned>;
  /**
   * Live processes that might be the scope's but could not be told: no recorded ancestor, and an
   * environment that read empty (a process mid-exec reads so for a moment). Worth another look.
   */
  uncertain: Set<number>;
  /**
   * Whether a process created since the scope's first spawn is this process's child though Node
   * did not start it: an orphan it adopted (a subreaper, or PID 1), whose zombie is reaper's to reap.
   */
  adopted: boolean;
}

/**
 * Everything alive that `scope` owns: its recorded children, their descendants (by ppid), and
 * processes carrying one of its cookie tokens (orphans reparented away, double forks, setsid).
 * Identity is (pid, start time): a pid reused by another process is never anyone's. Only processes
 * created since the scope's first spawn are read, so the cost grows with them, not with the machine.
 */
export function findOwned(
  scope: Scope,
  table: ProcessTable,
  /**
   * argv by `pid@startTime@comm`, kept across the repeated looks of one close. comm is in the key
   * because a forked child shows its parent's argv until it execs.
   */
  argvCache: Map<string, string[]> = new Map(),
  /**
   * Whether a process whose environment reads empty has read so long enough to be a stranger that
   * cleared it, not a process caught mid-exec (another worker thread's child reads empty too, for
   * a moment). Without one, no adopted stranger is claimed.
   */
  settledEmpty: (pid: number) => boolean = () => false,
): Look {
  const owned = new Map<number, Owned>();
  const uncertain = new Set<number>();
  let adopted = false;
  if (!scope.mark) return { owned, uncertain, adopted };
  const realm = getRealm();
  const candidates = table.listSince(scope.mark);
  // A recorded child is always created after the mark; reading it directly costs little and keeps
  // ownership right even if the pid counter wrapped twice.
  for (const record of scope.records) {
    if (record.startTime !== undefined && !candidates.has(record.pid)) {
      const info = table.stat(record.pid);
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
    if (result === UNCERTAIN) {
      claims.set(pid, null);
      if (info && info.state !== 'zombie') uncertain.add(info.pid);
      return null;
    }
    claims.set(pid, result);
    return result;
  };

  for (const info of candidates.values()) {
    if (info.ppid === process.pid && !realm.ownChildren.has(info.pid)) adopted = true;
    let found = claim(info.pid, 0);
    let kind: LeakKind | undefined;
    if (found) {
      if (found.scope !== scope) continue;
      kind = kindOf(info, found, candidates, table);
    } else if (isAdoptedStranger(realm, info, table) && settledEmpty(info.pid)) {
      // Reparented to this worker (a subreaper), created since the scope's first spawn, and
      // carrying no token at all (it cleared its environment): the scope being closed owns it.
      found = { scope, via: 'adopted', record: undefined };
      kind = 'orphan';
    }
    if (!found || !kind) continue;
    const id = `${info.pid}@${info.startTime}@${info.comm}`;
    let argv = argvCache.get(id);
    let argvFresh = false;
    if (!argv) {
      argv = table.argv(info.pid);
      // Empty while the process is mid-exec: look again next time.
      if (argv.length > 0) argvCache.set(id, argv);
      // A process forked and not yet exec'd has its parent's name and command line.
      argvFresh = argv.length > 0 && (kind === 'child' || isExeced(info, candidates));
    }
    owned.set(info.pid, { info: { ...info, argv }, kind, record: found.record, argvFresh });
  }
  return { owned, uncertain, adopted };
}

/** Whether a process's name differs from its parent's (it exec'd since its fork): undefined parent, no. */
function isExeced(info: ProcessStat, candidates: Map<number, ProcessStat>): boolean {
  const parent = candidates.get(info.ppid);
  return parent !== undefined && parent.comm !== info.comm;
}

const UNCERTAIN: unique symbol = Symbol('uncertain');

function resolve(
  realm: Realm,
  info: ProcessStat,
  candidates: Map<number, ProcessStat>,
  table: ProcessTable,
  claim: (pid: number) => Claim | null,
): Claim | null | typeof UNCERTAIN {
  const record = realm.byPid.get(info.pid);
  if (record && record.startTime === info.startTime) {
    // A worker service (and everything below it) is nobody's in a test or file check.
    return isWorkerService(record) ? null : { scope: record.scope, via: 'record', record };
  }

  if (candidates.has(info.ppid)) {
    const parent = claim(info.ppid);
    if (parent) return { scope: parent.scope, via: 'descent', record: parent.record };
  } else {
    // The parent may be a recorded child of a scope opened before this one's first spawn.
    const parentRecord = realm.byPid.get(info.ppid);
    if (parentRecord && isWorkerService(parentRecord)) return null;
    if (parentRecord && table.stat(info.ppid)?.startTime === parentRecord.startTime) {
      return { scope: parentRecord.scope, via: 'descent', record: parentRecord };
    }
  }

  // The innermost token this realm handed out names the spawn it descends from.
  // Read last, and only here: most processes are claimed by record or descent without it.
  const cookie = table.cookie(info.pid);
  if (!cookie) return UNCERTAIN;
  for (let i = cookie.length - 1; i >= 0; i--) {
    const byCookie = recordForToken(realm, cookie[i]!);
    if (byCookie)
      return isWorkerService(byCookie) ? null : { scope: byCookie.scope, via: 'cookie', record: byCookie };
  }
  return null;
}

function kindOf(
  info: ProcessStat,
  found: Claim,
  candidates: Map<number, ProcessStat>,
  table: ProcessTable,
): LeakKind | undefined {
  if (info.state === 'zombie') {
    // A zombie is dead. It is the scope's only while a living process the scope owns fails to reap
    // it (found by descent): that parent is a leak, and the zombie is what it fails to collect. A
    // zombie whose parent is this worker (Node reaps it once its event loop polls, which a look
    // may come before), a zombie itself, or PID 1 and anyone else, counts as gone.
    if (found.via !== 'descent') return undefined;
    const parent = candidates.get(info.ppid) ?? table.stat(info.ppid);
    return parent && parent.state !== 'zombie' && parent.pid !== process.pid ? 'zombie' : undefined;
  }
  if (found.via === 'record') return 'child';
  if (found.via === 'descent') return 'descendant';
  return 'orphan';
}

/**
 * An orphan this subreaper adopted that no token or record explains: a child of this process that
 * Node did not start and whose environment is empty (it was cleared). A child of another worker
 * thread of this process has an environment (and usually a token), so it is never taken for one.
 */
function isAdoptedStranger(realm: Realm, info: ProcessStat, table: ProcessTable): boolean {
  return (
    realm.subreaper === true &&
    info.ppid === process.pid &&
    info.state !== 'zombie' &&
    !realm.ownChildren.has(info.pid) &&
    !realm.byPid.has(info.pid) &&
    table.cookie(info.pid) === undefined
  );
}
