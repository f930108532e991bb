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
  return (
    proto !== undefined &&
    typeof proto.withRunnable === 'function' &&
    ('_running' in manager! || ('_runnable' in manager! && typeof proto.setCurrentFixture === 'function'))
  );
}

const OBSERVED = Symbol.for('reaper.playwright.teardowns');
let onTeardown: ((title: string) => void) | undefined;

/**
 * Calls `listener` with a fixture's title each time Playwright starts tearing one down in this
 * worker (every test info's timeout manager shares one prototype: it is wrapped once).
 */
export function observeTeardowns(info: TestInfoLike, listener: ((title: string) => void) | undefined): void {
  onTeardown = listener;
  const proto = Object.getPrototypeOf(info._timeoutManager) as Record<string | symbol, unknown>;
  if (proto[OBSERVED]) return;
  proto[OBSERVED] = true;
  const withRunnable = proto.withRunnable as (
    this: unknown,
    runnable: RunnableNow | undefined,
    cb: unknown,
  ) => unknown;
  proto.withRunnable = function (this: unknown, runnable: RunnableNow | undefined, cb: unknown) {
    if (runnable?.fixture?.phase === 'teardown') onTeardown?.(runnable.fixture.title);
    return withRunnable.call(this, runnable, cb);
  };
  // Before 1.43 the fixture is set apart from the runnable.
  const setCurrentFixture = proto.setCurrentFixture as
    | ((this: unknown, fixture?: FixtureNow) => unknown)
    | undefined;
  if (typeof setCurrentFixture === 'function') {
    proto.setCurrentFixture = function (this: unknown, fixture?: FixtureNow) {
      if (fixture?.phase === 'teardown') onTeardown?.(fixture.title);
      return setCurrentFixture.call(this, fixture);
    };
  }
}
