import type { CircusBlock, CircusEventHandler, CircusTest } from './circus.js';
import { declarationOf, fullName } from './circus.js';
import type { FileScopes } from './scopes.js';

/**
 * Jest 30: follows the file through circus events, with no hooks at all (a hook per test costs
 * Jest more than reaper's check). `test_start` comes before the first beforeEach, `test_done` after
 * the last afterEach; `run_describe_start`/`_finish` wrap a block's beforeAll and afterAll. A
 * failure becomes the test's error, or an unhandled error of the run for a block. Returns false
 * where circus's handlers are out of reach (Jest 29).
 */
export function followCircusEvents(scopes: FileScopes): boolean {
  return addFirstEventHandler((event, state) => {
    switch (event.name) {
      case 'run_describe_start':
        return scopes.openBlock((event as { describeBlock: CircusBlock }).describeBlock);
      case 'test_start': {
        const { test } = event as { test: CircusTest };
        return scopes.openTest(fullName(test), declarationOf(test));
      }
      case 'test_done': {
        const { test } = event as { test: { errors: unknown[] } };
        if (!Array.isArray(test?.errors)) return scopes.lacks("jest-circus's `test.errors` in `test_done`");
        return scopes.closeTest().catch((error: unknown) => {
          test.errors.push(error);
        });
      }
      case 'run_describe_finish':
        if (!Array.isArray(state?.unhandledErrors))
          return scopes.lacks("jest-circus's `state.unhandledErrors`");
        return scopes
          .closeBlock((event as { describeBlock: CircusBlock }).describeBlock)
          .catch((error: unknown) => {
            state.unhandledErrors.push(error);
          });
    }
    // A test runs and no scope of ours is open for it: circus no longer says `test_start`.
    if (state?.currentlyRunningTest && !scopes.testOpen) scopes.lacks("jest-circus's `test_start` event");
    return undefined;
  });
}

/**
 * Jest 30 keeps circus's event handlers on the test file's global, so a setup file can add one;
 * Jest 29 keeps them out of reach. Adds `handler` first, so that its errors are in place before
 * Jest's own handlers report the test. Returns false where that is not possible.
 */
function addFirstEventHandler(handler: CircusEventHandler): boolean {
  const handlers = (globalThis as Record<symbol, unknown>)[Symbol.for('EVENT_HANDLERS')];
  if (!Array.isArray(handlers)) return false;
  handlers.unshift(handler);
  return true;
}
