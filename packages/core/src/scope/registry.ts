import { type Declaration, getRealm, type Realm, type Scope } from '../realm.js';
import type { ScopeKind } from '../report/types.js';
import type { TableMark } from '../table/types.js';
import { wallNow } from '../wall-clock.js';

export interface OpenScopeInit {
  scope: ScopeKind;
  /** Relative to the project root. */
  file?: string | null;
  /** Full name with ' > ' between levels; null for file and run scopes. */
  test?: string | null;
  /** Defaults to the scope current when it is opened. */
  parent?: Scope;
  /**
   * A test's declaration, where the runner knows it: a report names it for a process whose spawn
   * site has no frame in the test file (spawned later, by library code).
   */
  declaredAt?: Declaration;
  /**
   * Made current (the innermost open scope) unless false: a scope that spawns reach only through
   * `runInScope` or the adapter's `chooseScope`.
   */
  current?: boolean;
}

/**
 * Opens a scope and makes it current for code that runs outside any `runInScope` (the usual
 * sequential test). Scopes nest: run → file → suite → test.
 */
export function openScope(init: OpenScopeInit): Scope {
  const realm = getRealm();
  const scope: Scope = {
    id: realm.nextScopeId++,
    kind: init.scope,
    file: init.file ?? null,
    test: init.test ?? null,
    parent: init.parent ?? currentScope(realm),
    spawned: 0,
    startedAt: wallNow(),
    mark: undefined,
    records: [],
    nextSeq: 1,
    closed: false,
    declaredAt: init.declaredAt,
  };
  realm.scopesById.set(scope.id, scope);
  if (init.current !== false) realm.stack.push(scope);
  return scope;
}

/**
 * Runs `fn` (and everything asynchronous it starts) with `scope` current, whatever the stack says:
 * concurrent tests each spawn into their own scope.
 */
export function runInScope<T>(scope: Scope, fn: () => T): T {
  return getRealm().als.run(scope, fn);
}

/**
 * The scope a spawn made now belongs to: the async context's, else the one the adapter chooses from
 * its runner's state, else the innermost open one. Code that outlives its scope (a timer left
 * running) spawns into the nearest open ancestor.
 */
export function currentScope(realm: Realm = getRealm()): Scope | undefined {
  let scope = realm.als.getStore() ?? realm.chooseScope?.() ?? realm.stack.at(-1);
  while (scope?.closed) scope = scope.parent;
  return scope;
}

/** Marks a scope closed and forgets what it recorded; its cookie tokens then match nothing. */
export function retireScope(scope: Scope): void {
  const realm = getRealm();
  scope.closed = true;
  const at = realm.stack.lastIndexOf(scope);
  if (at >= 0) realm.stack.splice(at, 1);
  realm.scopesById.delete(scope.id);
  for (const record of scope.records) {
    realm.byKey.delete(record.key);
    if (realm.byPid.get(record.pid) === record) realm.byPid.delete(record.pid);
  }
  scope.records = [];
}

/**
 * Hands every spawn `from` recorded to `to` (both open), with what descends from them, when the
 * runner tells only later whose they are (a Playwright fixture's processes are its test's when it
 * was torn down with the test, its worker's when it lives on). `to`'s mark becomes the earlier
 * one; `from` is left empty, to be closed at no cost.
 */
export function moveRecords(from: Scope, to: Scope): void {
  if (from === to || from.records.length === 0) return;
  for (const record of from.records) {
    record.scope = to;
    to.records.push(record);
  }
  to.spawned += from.spawned;
  const marks = [to.mark, from.mark].filter((m): m is TableMark => m !== undefined);
  to.mark = marks.sort((a, b) => a.startTime - b.startTime || a.lastPid - b.lastPid)[0];
  // `from` owns nothing now: closing it costs nothing.
  from.records = [];
  from.spawned = 0;
  from.mark = undefined;
}
