import type { ScopeResult } from '@reaper/core';
import { runInScope, type Scope, type Worker } from '@reaper/core/adapter';
import type { Chain, ExecutionContext, Implementation, SerialAfterHooks } from './ava.js';
import type { ChainListener, Declaration } from './chain.js';

/** Our afterEach.always hook is untitled: AVA runs it as `afterEach.always hook for <test>`. */
const OUR_AFTER_EACH = 'afterEach.always hook';

/**
 * One test file's scopes, as AVA runs it (its tests at the same time unless `serial`):
 * - each test is a scope from its first beforeEach hook (or its start) on; its hooks, its body and
 *   its `t.teardown()` callbacks spawn into it, whichever tests run beside it (the scope travels
 *   with the async context). It is checked after its last teardown, and a leak fails the test. In a
 *   file with afterEach hooks (and for `test.failing`), it is checked after them instead, by an
 *   afterEach.always hook of ours that runs last, and a leak fails that hook;
 * - the file is a scope from its load to after its last after.always hook (ours, last): what the
 *   file's top level and its before/after hooks spawn is the file's, and a leak fails that hook.
 * `onEnd` gets the file's results once it is checked; an error it returns (a report it could not
 * write) fails that hook too.
 */
export function followFile(
  worker: Worker,
  original: Chain,
  file: string | null,
  onEnd: (results: ScopeResult[]) => Error | undefined,
): ChainListener {
  const fileScope = worker.open({ scope: 'file', file, test: null });
  const tests = new Map<string, Scope>();
  const results: ScopeResult[] = [];
  let afterEachHooks = false;
  let failingTests = false;

  const testScope = (title: string) => {
    let scope = tests.get(title);
    if (!scope) {
      scope = worker.open({ scope: 'test', file, test: title, parent: fileScope });
      tests.set(title, scope);
    }
    return scope;
  };
  const check = async (scope: Scope): Promise<Error | undefined> => {
    if (scope.closed) return undefined;
    const checked = await worker.check(scope);
    if (!checked) return undefined;
    results.push(checked.result);
    return checked.verdict.action === 'fail' ? checked.verdict.error : undefined;
  };
  const checkTest = async (title: string | undefined) => {
    const scope = title === undefined ? undefined : tests.get(title);
    if (!scope || title === undefined) return;
    tests.delete(title);
    const error = await check(scope);
    if (error) throw error;
  };
  const checkFile = async () => {
    let error: Error | undefined;
    let unwritten: Error | undefined;
    try {
      // A test whose check never ran (its afterEach.always hook of ours did not run) ends with the file.
      for (const [title, scope] of [...tests]) {
        tests.delete(title);
        error ??= await check(scope);
      }
      error ??= await check(fileScope);
    } finally {
      worker.stop();
      unwritten = onEnd(results);
    }
    error ??= unwritten;
    if (error) throw error;
  };

  return {
    first() {
      // After the file's last declaration, before AVA starts its tests (on the next tick too).
      process.nextTick(() => {
        const { serial } = original as unknown as SerialAfterHooks;
        if (afterEachHooks || failingTests) {
          serial.afterEach.always((t: ExecutionContext) =>
            failHook(t, checkTest(testOf(t.title, OUR_AFTER_EACH))),
          );
        }
        serial.after.always((t: ExecutionContext) => failHook(t, checkFile()));
      });
    },
    wrap(declaration: Declaration, exec: Implementation): Implementation {
      const { kind } = declaration;
      if (kind === 'afterEach') afterEachHooks = true;
      if (kind === 'test' && declaration.failing) failingTests = true;
      if (kind === 'before' || kind === 'after') {
        return (t, ...args) => runInScope(fileScope, () => exec(t, ...args));
      }
      if (kind === 'beforeEach' || kind === 'afterEach') {
        return (t, ...args) => {
          const test = testOf(t.title, declaration.title);
          return runInScope(test === undefined ? fileScope : testScope(test), () => exec(t, ...args));
        };
      }
      return (t, ...args) => {
        const title = t.title;
        const scope = testScope(title);
        // Registered first, run last: AVA runs teardowns in reverse.
        if (!afterEachHooks && !declaration.failing) t.teardown(() => checkTest(title));
        const teardown = t.teardown;
        t.teardown = (callback) =>
          teardown(typeof callback === 'function' ? () => runInScope(scope, callback) : callback);
        return runInScope(scope, () => exec(t, ...args));
      };
    },
  };
}

/**
 * A hook of ours fails with the report as its message (`t.fail`), the way a test's assertion
 * does: a rejected promise would be listed as `Rejected promise returned by test`.
 */
async function failHook(t: ExecutionContext, checking: Promise<void>): Promise<void> {
  try {
    await checking;
  } catch (error) {
    t.fail((error as Error).message);
  }
}

/** The test a beforeEach or afterEach hook runs for: AVA titles it `<hook title> for <test title>`. */
function testOf(hookRunTitle: string, hookTitle: string | undefined): string | undefined {
  const prefix = `${hookTitle} for `;
  return hookTitle !== undefined && hookRunTitle.startsWith(prefix)
    ? hookRunTitle.slice(prefix.length)
    : undefined;
}
