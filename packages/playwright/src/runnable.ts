/**
 * What reaper reads of Playwright Test's worker state (stable from 1.43 to 1.65, and read the 1.40
 * way before that): which runnable runs now (the test, a hook, a fixture being set up or torn
 * down), from the running test's timeout manager. Playwright itself is never imported here: the
 * project's copy runs.
 */

/** A fixture Playwright sets up or tears down now. */
export interface FixtureNow {
  title: string;
  phase: 'setup' | 'teardown';
}

/** What Playwright runs now in this worker. */
export interface RunnableNow {
  /** `test`, `beforeAll`, `afterAll`, `beforeEach`, `afterEach`, `teardown` (worker cleanup), … */
  type: string;
  fixture?: FixtureNow;
  /** A hook's declaration (the object Playwright keeps with it: see blocks.ts). */
  location?: object;
}

interface TimeoutManagerLike {
  /** 1.43 and later. */
  _running?: { runnable?: RunnableNow };
  /** 1.40 to 1.42. */
  _runnable?: RunnableNow;
  _fixture?: FixtureNow;
}

/** Playwright's `TestInfo`, with the internal reaper reads. */
export interface TestInfoLike {
  _timeoutManager?: TimeoutManagerLike;
}

/** The runnable of the running test's timeout manager; undefined when it cannot be told. */
export function runnableNow(info: TestInfoLike): RunnableNow | undefined {
  const manager = info._timeoutManager;
  if (!manager) return undefined;
  if ('_running' in manager) return manager._running?.runnable;
  if (!manager._runnable) return undefined;
  return { ...manager._runnable, fixture: manager._fixture };
}

/** Whether this Playwright's timeout manager is one reaper can read (see `runnableNow`). */
export function isReadable(info: TestInfoLike): boolean {
  const manager = info._timeoutManager as Record<string, unknown> | undefined;
  const proto = manager && (Object.getPrototypeOf(manager) as Record<string, unknown>);
  if (!manager || !proto) return false;
  if (typeof proto.setCurrentFixture === 'function') return '_runnable' in manager;
  return typeof proto.withRunnable === 'function' && '_running' in manager;
}

const OBSERVED = Symbol.for('reaper.playwright.teardowns');
let onTeardown: ((title: string) => void) | undefined;

/**
 * Calls `listener` with a fixture's title each time Playwright starts tearing one down in this
 * worker. Every test info's timeout manager shares one prototype, where the field Playwright sets
 * as a runnable starts (`_running`; `_fixture` before 1.43) becomes an accessor, once: nothing of
 * reaper's stays on the stack of the code Playwright runs (a wrapped method would show in every
 * error's stack).
 */
export function observeTeardowns(info: TestInfoLike, listener: ((title: string) => void) | undefined): void {
  onTeardown = listener;
  const manager = info._timeoutManager as Record<string | symbol, unknown>;
  const proto = Object.getPrototypeOf(manager) as Record<string | symbol, unknown>;
  const legacy = typeof proto.setCurrentFixture === 'function';
  const field = legacy ? '_fixture' : '_running';
  if (!proto[OBSERVED]) {
    proto[OBSERVED] = true;
    observeField(proto, field, (value) => {
      const fixture = legacy
        ? (value as FixtureNow | undefined)
        : (value as TimeoutManagerLike['_running'])?.runnable?.fixture;
      if (fixture?.phase === 'teardown') onTeardown?.(fixture.title);
    });
  }
  // A manager made before the accessor (this test's), or one that defines the field itself, keeps
  // its own value: it goes through the accessor from now on.
  const own = Object.getOwnPropertyDescriptor(manager, field);
  if (own && 'value' in own && own.configurable) {
    delete manager[field];
    manager[field] = own.value;
  }
}

/** Makes `name` an accessor of `proto` that calls `seen` with each value set; the value is kept per instance. */
function observeField(proto: object, name: string, seen: (value: unknown) => void): void {
  const value = Symbol(name);
  Object.defineProperty(proto, name, {
    configurable: true,
    get(this: Record<symbol, unknown>) {
      return this[value];
    },
    set(this: Record<symbol, unknown>, next: unknown) {
      this[value] = next;
      seen(next);
    },
  });
}
