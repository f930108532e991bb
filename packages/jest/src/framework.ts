import { type CircusEventHandler, getCircusState } from './circus.js';

/**
 * Runs `then` once the test framework is in the test file's global: at once from
 * `setupFilesAfterEnv`; from `setupFiles`, which Jest runs before it makes the framework, at the
 * moment the framework sets the global `expect`. jest-circus (Jest 26–30) and jest-jasmine2 both set
 * it last, after `describe`, the hooks and circus's state, and before the first `setupFilesAfterEnv`
 * file and the test file: what is registered then runs as if registered from `setupFilesAfterEnv`.
 * jest-circus 24 and 25 set it first: then at the moment they set `test`, the last of their hooks.
 * Runs `withoutGlobals` instead where Jest keeps its globals out of the file (`injectGlobals:
 * false`): seen from `setupFilesAfterEnv`, and from `setupFiles` on Jest 30 (earlier ones give no
 * sign of it there).
 */
export function whenFrameworkIsIn(then: () => void, withoutGlobals: () => void): void {
  if (frameworkIsIn((globalThis as { expect?: unknown }).expect)) {
    then();
    return;
  }
  if (getCircusState()) {
    withoutGlobals();
    return;
  }
  let arrived = false;
  const arrive = () => {
    if (!frameworkIsIn((globalThis as { expect?: unknown }).expect)) return false;
    arrived = true;
    then();
    return true;
  };
  watch('expect', (expect) => {
    if (frameworkIsIn(expect)) return arrive();
    if (typeof (expect as { getState?: unknown } | undefined)?.getState !== 'function') return false;
    // jest-circus 24 and 25 set `expect` first, then their hooks and, last of them, `test`.
    watch('test', arrive);
    return true;
  });
  // Jest 30 puts circus's event handlers in the global before its globals, and dispatches `setup`
  // right after it sets them.
  const onSetup: CircusEventHandler = (event) => {
    if (event.name === 'setup' && !arrived) withoutGlobals();
  };
  watch(Symbol.for('EVENT_HANDLERS'), (handlers) => {
    if (Array.isArray(handlers)) handlers.unshift(onSetup);
    return true;
  });
}

function frameworkIsIn(expect: unknown): boolean {
  return (
    typeof (expect as { getState?: unknown } | undefined)?.getState === 'function' &&
    typeof (globalThis as { afterAll?: unknown }).afterAll === 'function'
  );
}

/**
 * Watches assignments to the global `key` (Jest's `globalThis[key] = …`): each value goes to
 * `onSet`; once it returns true, the key is left a plain property holding that value.
 */
function watch(key: string | symbol, onSet: (value: unknown) => boolean): void {
  const global = globalThis as Record<string | symbol, unknown>;
  const own = Object.getOwnPropertyDescriptor(global, key);
  if (own && !own.configurable) {
    throw new Error(
      `reaper: the global \`${String(key)}\` of this test file cannot be watched (it is not configurable), so reaper cannot tell when Jest's test framework is in: list @reaper/jest/setup (or your file that calls installReaper) in \`setupFilesAfterEnv\`, not \`setupFiles\`.`,
    );
  }
  let current = global[key];
  Object.defineProperty(global, key, {
    configurable: true,
    enumerable: own?.enumerable ?? true,
    get: () => current,
    set(value: unknown) {
      current = value;
      if (!onSet(value)) return;
      Object.defineProperty(global, key, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}
