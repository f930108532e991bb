import * as vitest from 'vitest';

/** A stack taken where a test was declared, formatted (and so source-mapped) only when read. */
interface Taken {
  stack?: unknown;
}
type ExtendTaskContext = (this: unknown, context: { task?: object } | undefined) => unknown;
interface RunnerPrototype {
  extendTaskContext?: ExtendTaskContext;
}

const TAKEN = Symbol.for('reaper.vitest.declarations');

/**
 * Where each test of this worker is declared, for the rare report that needs it (a process library
 * code spawned after the test's frames were gone names the test's line). Vitest's own record of it,
 * `includeTaskLocation`, formats a source-mapped stack for every test as it is declared (a file of
 * 50 tests: about 15 ms); this takes the stack unformatted instead (a few microseconds) as Vitest
 * makes each test's context (`extendTaskContext`, called from the user's `test()`), and formats it
 * only when a report reads it. Undefined where Vitest's runner has no such method (then the report
 * names the file alone, as without `includeTaskLocation`).
 */
export function takeDeclarations(): WeakMap<object, Taken> | undefined {
  const runner = (vitest as unknown as { TestRunner?: { prototype?: RunnerPrototype } }).TestRunner;
  const prototype = runner?.prototype as (RunnerPrototype & { [TAKEN]?: WeakMap<object, Taken> }) | undefined;
  if (!prototype || typeof prototype.extendTaskContext !== 'function') return undefined;
  // With isolation off the setup file runs again for each file of the worker: wrapped once.
  const known = prototype[TAKEN];
  if (known) return known;
  const taken = new WeakMap<object, Taken>();
  const original = prototype.extendTaskContext;
  prototype.extendTaskContext = function extendTaskContext(context) {
    const task = context?.task;
    if (task && typeof task === 'object') {
      const at: Taken = {};
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 20;
      // V8 keeps the frames and formats them on the first read of `stack`, with the worker's
      // `Error.prepareStackTrace` then (Vite's, which maps them to the test's source).
      Error.captureStackTrace(at, extendTaskContext);
      Error.stackTraceLimit = limit;
      taken.set(task, at);
    }
    return original.call(this, context);
  };
  Object.defineProperty(prototype, TAKEN, { value: taken });
  return taken;
}

/** A test's declaration as the engine reads it (`Declaration`): the stack taken, read only then. */
export function declarationIn(
  taken: WeakMap<object, Taken> | undefined,
  task: object,
): (() => string | undefined) | undefined {
  const at = taken?.get(task);
  if (!at) return undefined;
  return () => (typeof at.stack === 'string' ? at.stack : undefined);
}
