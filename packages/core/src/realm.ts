import { AsyncLocalStorage } from 'node:async_hooks';
import { ChildProcess } from 'node:child_process';
import { uniqueHex } from './ids.js';
import type { ScopeKind } from './report/types.js';
import { COOKIE_VAR, type TableMark } from './table/types.js';

/** A recorded spawn: what the hook saw when a scope's code created a process. */
export interface SpawnRecord {
  /** `<scope id>:<seq>`, unique in this realm; the last part of the cookie token. */
  readonly key: string;
  readonly pid: number;
  /** Undefined for spawnSync: the process was already reaped when the hook saw it. */
  readonly startTime: number | undefined;
  /** The scope that owns it; an adapter may hand it to another (`moveRecords`) before either closes. */
  scope: Scope;
  readonly argv: readonly string[];
  readonly spawnedAt: string | null;
  /** The test file's frame when `spawnedAt` is in a helper; null otherwise. */
  readonly calledFrom: string | null;
  /** Epoch ms, taken just before the real spawn. */
  readonly startedAt: number;
  /** Epoch ms of its exit (an async child's `exit` event; a spawnSync child's at once); null until then. */
  endedAt: number | null;
  exitCode: number | null;
  /** The signal that ended it; null when it exited, or has not ended. */
  signal: string | null;
  /** Set for asynchronous spawns: its `exit` event wakes the ladder early. */
  readonly child: ChildProcess | undefined;
  /** A dependency (code under node_modules), not the user's code, called child_process. */
  readonly byLibrary: boolean;
}

/** A scope as data; `scope/` owns the functions that open, enter and close it. */
export interface Scope {
  readonly id: number;
  readonly kind: ScopeKind;
  readonly file: string | null;
  readonly test: string | null;
  readonly parent: Scope | undefined;
  /** Processes spawned by the scope itself (successful spawns). */
  spawned: number;
  /** Epoch ms of its opening. */
  readonly startedAt: number;
  /** Taken at the scope's first spawn: everything it owns was created after it. */
  mark: TableMark | undefined;
  records: SpawnRecord[];
  nextSeq: number;
  closed: boolean;
  /** Where the runner says the scope's test is declared (see `scope/declared.ts`); absent where unknown. */
  readonly declaredAt?: Declaration;
}

/**
 * Where a runner says a test is declared: its line in the scope's file (Vitest's `task.location`),
 * or a function giving a stack taken where it was declared (Jest's `asyncError`, or one the adapter
 * took itself), read only when a report needs it.
 */
export type Declaration = number | (() => string | undefined);

/**
 * Everything reaper keeps per JS realm (a process, or each worker thread). It hangs off Node's own
 * `ChildProcess` class under a `Symbol.for` key: that class is one per realm, shared by every copy of
 * this package (ESM and CJS builds, two versions) and by every sandbox a runner evaluates test files
 * in (Jest gives each test file its own `globalThis`, but the same `child_process`). So there is one
 * hook and one set of scopes per realm, never two.
 */
export interface Realm {
  /** Random per realm: the first part of every cookie token this realm hands out. */
  readonly prefix: string;
  /** Tokens this realm inherited from its own environment (e.g. from `reaper run`). */
  readonly inherited: readonly string[];
  readonly als: AsyncLocalStorage<Scope>;
  readonly stack: Scope[];
  readonly scopesById: Map<number, Scope>;
  /** Asynchronous spawns by pid, for identity (pid, start time) and ancestry. */
  readonly byPid: Map<number, SpawnRecord>;
  /** Every spawn by key, for cookies. */
  readonly byKey: Map<string, SpawnRecord>;
  /** Directories whose frames are never a spawn site (reaper's own code, adapters). */
  readonly internalPaths: string[];
  /**
   * Path fragments of runner machinery (e.g. Jest's transformer): a spawn whose stack passes
   * through one belongs to the runner, not to the test that happened to be running.
   */
  readonly runnerPaths: string[];
  /** Project root: spawn sites and files are relative to it. */
  root: string;
  /**
   * The `Error` of the copy of this package that installed the hook last: the running test file's
   * (under Jest, each file evaluates its own copy in its own sandbox). Spawn sites are formatted with
   * it, so that the running file's source maps apply, whichever copy's hook saw the spawn.
   */
  errorClass: ErrorConstructor | undefined;
  nextScopeId: number;
  /** > 0 while reaper's own code (or code run through `untracked`) is spawning. */
  suspended: number;
  hook: HookHandle | undefined;
  /** Set while `guardInterrupts` is active; removes it. */
  interruptGuard: (() => void) | undefined;
  /**
   * Set by a started worker: installs its interrupt guard, if not yet. Called at a scope's recorded
   * spawn, so that a test file that spawns nothing never installs one (there is nothing to guard).
   */
  armInterruptGuard: (() => void) | undefined;
  /** Whether reaper's own code directory is among `internalPaths` (done at the first recorded spawn). */
  ownCodeKnown: boolean;
  /** Pids of every child this realm started and Node has not reaped yet (libuv's to reap). */
  readonly ownChildren: Set<number>;
  /** Whether the PID 1 notice was printed. */
  adoptedNotice: boolean;
  /** One-time notices already printed in this realm (an unsupported platform or runner). */
  readonly notices: Set<string>;
  /**
   * The processes a notice is said once among, beyond this realm (see `noticeOnce`): a process's
   * `<pid>-<start time>`; undefined for this realm alone.
   */
  noticesAmong: string | undefined;
  /**
   * The process whose children share notices (`shareNoticesWithSiblings`), until a notice is first
   * said: its identity becomes `noticesAmong` then (most workers say none, and reading it loads the
   * process table's parser).
   */
  noticesParent: number | undefined;
  /**
   * Stops the adapter worker of the test file that ran last (`startWorker`), if it never got to
   * stop itself: a file that failed to load, or ran none of its tests, never reaches its end.
   */
  stopWorker: (() => void) | undefined;
  /**
   * Where the runner's own state says a spawn made now belongs (a Playwright fixture, a hook),
   * asked when no async context names a scope; undefined: the innermost open scope. Set by an
   * adapter through `Worker.chooseScope`.
   */
  chooseScope: (() => Scope | undefined) | undefined;
  /** Whether this process became a child subreaper; undefined until tried. */
  subreaper: boolean | undefined;
  /**
   * The listening sockets (inodes) of this network namespace as they were at this realm's first
   * recorded spawn, less those this process held: no process it spawns can hold one of them (see
   * `noteListenersBefore`). Undefined before that spawn; null when they could not be listed.
   */
  listenersBefore: ReadonlySet<string> | null | undefined;
  /** `/proc` files read through a descriptor kept open, by path (see `readKeptProcFile`). */
  readonly keptFiles: Map<string, number>;
  /** The machine's clocks, for every copy of reaper in this realm (see `wall-clock.ts`). */
  readonly clock: RealClock;
}

export interface RealClock {
  /** `Date.now` as it was when the realm's first copy of reaper loaded. */
  readonly dateNow: () => number;
  /** `process.hrtime.bigint`, likewise. */
  readonly hrtime: () => bigint;
  /** The latest epoch time given: a wall time never goes back. */
  latest: number;
}

/**
 * The clocks as they were when this copy loaded: a test's fake timers replace `Date`, `hrtime` and
 * `performance` later. A copy loaded later (the kit's parts load at a test's first spawn, when its
 * fake timers may be on) takes the realm's, which the first copy to make the realm gave it.
 */
const LOADED_CLOCK = { dateNow: Date.now, hrtime: process.hrtime.bigint };

export interface HookHandle {
  installs: number;
  active: boolean;
  /** How the sync path is hooked: Node's spawn_sync binding, or (under --permission) the exports. */
  sync: 'binding' | 'exports';
  uninstall(): void;
}

const REALM_KEY = Symbol.for('reaper.realm');

/** The realm this copy has seen (and completed, see below): the fast path of `getRealm`. */
let seen: Realm | undefined;

export function getRealm(): Realm {
  const holder = ChildProcess as unknown as { [REALM_KEY]?: Realm };
  const existing = holder[REALM_KEY];
  if (existing && existing === seen) return existing;
  const fresh = newRealm();
  if (!existing) {
    Object.defineProperty(holder, REALM_KEY, { value: fresh, enumerable: false, configurable: true });
    seen = fresh;
    return fresh;
  }
  // Made by another copy of reaper, perhaps an older version without some of this copy's fields:
  // those are added, never replaced (a test file's spawn must not fail on a field it lacks).
  const open = existing as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fresh)) if (!(key in open)) open[key] = value;
  seen = existing;
  return existing;
}

function newRealm(): Realm {
  const realm: Realm = {
    prefix: uniqueHex(6),
    inherited: (process.env[COOKIE_VAR] ?? '').split(' ').filter(Boolean),
    als: new AsyncLocalStorage<Scope>(),
    stack: [],
    scopesById: new Map(),
    byPid: new Map(),
    byKey: new Map(),
    internalPaths: [],
    runnerPaths: [],
    root: process.cwd(),
    errorClass: undefined,
    nextScopeId: 1,
    suspended: 0,
    hook: undefined,
    interruptGuard: undefined,
    armInterruptGuard: undefined,
    ownCodeKnown: false,
    ownChildren: new Set(),
    adoptedNotice: false,
    notices: new Set(),
    noticesAmong: undefined,
    noticesParent: undefined,
    stopWorker: undefined,
    chooseScope: undefined,
    subreaper: undefined,
    listenersBefore: undefined,
    keptFiles: new Map(),
    clock: { ...LOADED_CLOCK, latest: 0 },
  };
  return realm;
}

/** The cookie token of one spawn: `<realm prefix>:<scope id>:<seq>`. */
export function tokenOf(realm: Realm, record: { key: string }): string {
  return `${realm.prefix}:${record.key}`;
}

/** The spawn a token names, when this realm handed it out and still knows it. */
export function recordForToken(realm: Realm, token: string): SpawnRecord | undefined {
  if (!token.startsWith(`${realm.prefix}:`)) return undefined;
  return realm.byKey.get(token.slice(realm.prefix.length + 1));
}
