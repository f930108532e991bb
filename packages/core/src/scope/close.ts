import { commandOf, isAllowed, type ResolvedOptions } from '../options.js';
import { getRealm, type Scope, type SpawnRecord } from '../realm.js';
import type { LeakedProcess, ScopeResult, SpawnedProcess } from '../report/types.js';
import { getProcessTable } from '../table/index.js';
import { createPortReader, dumpListeners } from '../table/ports.js';
import { reapAdoptedZombies } from '../terminate/adopted.js';
import { type LadderTarget, runLadder } from '../terminate/ladder.js';
import { describeLeaked, inspectTarget } from '../terminate/target-state.js';
import { pollUntil } from '../terminate/wait.js';
import { wallNow } from '../wall-clock.js';
import { findOwned, type Owned } from './ownership.js';
import { retireScope } from './registry.js';
import { trackUncertain } from './uncertain.js';

export type CloseOptions = Pick<ResolvedOptions, 'settleMs' | 'graceMs' | 'killWaitMs' | 'allow'>;

/**
 * Closes a scope: finds what it left alive, lets processes that are already exiting settle, ends
 * the rest with the ladder, and returns the scope's result. A scope that spawned nothing costs
 * nothing: no scan, no wait. Never throws for a process that vanished mid-way; always bounded.
 * `spawned` is as it stood when the teardown began: a process still running then has null end fields.
 */
export async function closeScope(scope: Scope, options: CloseOptions): Promise<ScopeResult> {
  // Whether a look saw an adopted orphan, or anything the scope owns.
  let adoptions = false;
  const result: ScopeResult = {
    file: scope.file,
    test: scope.test,
    scope: scope.kind,
    startedAt: scope.startedAt,
    endedAt: 0,
    spawned: [],
    leaked: [],
  };
  try {
    result.spawned = scope.records.map(toSpawned);
    if (!scope.mark) return result;
    const table = getProcessTable();
    const allowed = new Map<number, LeakedProcess>();
    const argvCache = new Map<string, string[]>();
    const readPorts = createPortReader('/proc', dumpListeners, getRealm().listenersBefore);
    // Each process whose environment read empty gets a few looks of its own, from when it was first seen so.
    const uncertain = trackUncertain();
    const suspects = () => {
      const out: LadderTarget[] = [];
      const look = findOwned(scope, table, argvCache, uncertain.settled);
      uncertain.update(look.uncertain);
      if (look.adopted || look.owned.size > 0) adoptions = true;
      for (const owned of look.owned.values()) {
        const target = toTarget(owned);
        if (allowed.has(target.pid)) continue;
        if (isAllowed(options.allow, { ...target, argv: owned.info.argv })) {
          const found = inspectTarget(table, target, readPorts);
          allowed.set(target.pid, {
            ...describeLeaked(target, found),
            outcome: 'allowed',
            signal: null,
            elapsedMs: 0,
          });
        } else {
          out.push(target);
        }
      }
      // A zombie is a leak only as what its leaking parent fails to reap: not under one `allow` lets live.
      return out.filter((target) => target.kind !== 'zombie' || !allowed.has(target.ppid));
    };

    let targets = suspects();
    if (targets.length > 0 || uncertain.pending) {
      // Like goleak's retry: a test that called child.kill() without awaiting the exit is not a leak.
      // A process caught mid-exec (its environment reads empty for a moment) gets a few more looks,
      // from when it was first seen so (an orphan forked late, as its parent exits, too); one that
      // stays unreadable (started with `env -i`) is not worth the whole settle time.
      // The first check is on the look just made: with no settle time, that one look is all.
      let looked = true;
      await pollUntil(() => {
        if (!looked) targets = suspects();
        looked = false;
        return targets.length === 0 && !uncertain.pending;
      }, options.settleMs);
      // A child the test itself signalled (`child.kill()` not awaited) is already being ended: on a
      // loaded machine it may not even have run since. It gets what the ladder would give it after
      // SIGTERM, the grace period, before it counts as a leak — unless something the test did not
      // end is left too (then the ladder starts now, for all of them).
      if (targets.length > 0 && goingDown(targets)) {
        await pollUntil(() => {
          targets = suspects();
          return targets.length === 0 || !goingDown(targets);
        }, options.graceMs);
      }
    }
    result.spawned = scope.records.map(toSpawned);
    const reaped =
      targets.length > 0 ? await runLadder(targets, { ...options, table, rescan: suspects, readPorts }) : [];
    result.leaked = [...allowed.values(), ...reaped];
    return result;
  } finally {
    result.endedAt = wallNow();
    retireScope(scope);
    // Orphans the scope's processes left to this worker (subreaper, or PID 1) die as its zombies.
    // Only when a look saw one, or the scope left something (its orphans are adopted as it goes
    // down): the list of this process's children grows with it, and reading it costs accordingly.
    if (scope.mark && (adoptions || process.pid === 1)) reapAdoptedZombies();
  }
}

/**
 * Whether every target is a direct child that the test sent a signal itself (`child.kill()`,
 * whatever the signal) or one of its descendants: the whole tree is the test's to end, and ending.
 */
function goingDown(targets: readonly LadderTarget[]): boolean {
  const byPid = new Map(targets.map((t) => [t.pid, t]));
  const signalled = (target: LadderTarget | undefined, depth: number): boolean =>
    target !== undefined &&
    depth < 4096 &&
    (target.child?.killed === true || signalled(byPid.get(target.ppid), depth + 1));
  return targets.every((t) => signalled(t, 0));
}

function toTarget({ info, kind, record, argvFresh }: Owned): LadderTarget {
  const isChild = kind === 'child';
  return {
    pid: info.pid,
    ppid: info.ppid,
    startTime: info.startTime,
    command: commandOf(info),
    kind,
    spawnedAt: record?.spawnedAt ?? null,
    calledFrom: record?.calledFrom ?? null,
    child: isChild ? record?.child : undefined,
    argvFresh,
  };
}

function toSpawned(record: SpawnRecord): SpawnedProcess {
  return {
    pid: record.pid,
    command: record.argv.join(' '),
    spawnedAt: record.spawnedAt,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    exitCode: record.exitCode,
    signal: record.signal,
  };
}
