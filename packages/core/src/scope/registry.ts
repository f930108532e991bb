import { type Declaration, getRealm, type Realm, type Scope } from '../realm.js';
import type { ScopeKind } from '../report/types.js';
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
  realm.stack.push(scope);
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
 * The scope a spawn made now belongs to: the async context's, else the innermost open one. Code
 * that outlives its scope (a timer left running) spawns into the nearest open ancestor.
 */
export function currentScope(realm: Realm = getRealm()): Scope | undefined {
  let scope = realm.als.getStore() ?? realm.stack.at(-1);
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
