import { syncBuiltinESMExports } from 'node:module';
import type { ContextLike, HookOptions, NodeTestModule, SuiteFunction } from './node-test.js';

/**
 * Opens a describe block's scope when the block starts (`concurrent`: its tests may run at the same
 * time); the function it returns checks it.
 */
export type StartSuite = (context: ContextLike, concurrent: boolean) => () => Promise<void>;

/**
 * Makes every describe block a scope. node:test gives a preloaded module no hook per block, so
 * reaper wraps `describe` and `suite` (and their `.only`, `.skip`, `.todo`) in node:test's
 * CommonJS exports, and `syncBuiltinESMExports` passes them on to `import { describe } from
 * 'node:test'`; test files are loaded after the preloaded module, so they only see the wrapped ones.
 * A wrapped block registers reaper's `before` first and, once its own function returned, reaper's
 * `after` last: what the block's before/after hooks start is the block's, checked after its last
 * after hook.
 */
export function wrapSuites(nodeTest: NodeTestModule, startSuite: StartSuite, options: HookOptions): void {
  const wrapBody = (body: (...args: unknown[]) => unknown, concurrent: boolean) =>
    function wrappedBody(this: unknown, context: ContextLike, ...rest: unknown[]): unknown {
      let finish: (() => Promise<void>) | undefined;
      nodeTest.before(() => {
        finish = startSuite(context, concurrent);
      }, options);
      const registerCheck = () => nodeTest.after(() => finish?.(), options);
      const returned = body.call(this, context, ...rest);
      if (returned instanceof Promise) {
        return returned.then((value) => {
          registerCheck();
          return value;
        });
      }
      registerCheck();
      return returned;
    };
  const wrapSuite = (original: SuiteFunction): SuiteFunction => {
    const wrapped: SuiteFunction = function (this: unknown, ...args: unknown[]) {
      const at = args.findIndex((arg) => typeof arg === 'function');
      const blockOptions = args.find((arg) => typeof arg === 'object' && arg !== null) as
        | { concurrency?: unknown }
        | undefined;
      const concurrency = blockOptions?.concurrency;
      const concurrent = concurrency === true || (typeof concurrency === 'number' && concurrency > 1);
      if (at >= 0) args[at] = wrapBody(args[at] as (...args: unknown[]) => unknown, concurrent);
      return original.apply(this, args);
    };
    for (const variant of ['only', 'skip', 'todo'] as const) {
      const own = original[variant];
      if (typeof own === 'function') wrapped[variant] = wrapSuite(own);
    }
    return wrapped;
  };
  const { describe, suite } = nodeTest;
  nodeTest.describe = wrapSuite(describe);
  // `suite`: `describe` under another name (Node 20.13 and 22 on).
  if (suite) nodeTest.suite = suite === describe ? nodeTest.describe : wrapSuite(suite);
  syncBuiltinESMExports();
}
