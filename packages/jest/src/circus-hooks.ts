import { type CircusBlock, type CircusHook, type CircusState, declarationOf, fullName } from './circus.js';
import { stackOf } from './jasmine2.js';
import type { FileScopes } from './scopes.js';

/**
 * Jest 29: follows the file through hooks. Ours are registered before the test file is loaded, so
 * our beforeAll and beforeEach run first; our afterEach and afterAll are kept last
 * (keepRootHooksLast), and every nested describe block gets a first beforeAll and a last afterAll
 * of ours once the file is collected (wrapDescribeBlocks, from our root beforeAll). Without circus
 * (jest-jasmine2), only the file and its tests are scopes.
 */
export function followCircusHooks(
  scopes: FileScopes,
  circus: CircusState | undefined,
  timeoutMs: number,
): void {
  let stopKeepingLast: (() => void) | undefined;
  function openFileScope() {
    if (!circus) return scopes.openBlock(rootless);
    scopes.openBlock(circus.rootDescribeBlock);
    stopKeepingLast?.();
    const template = circus.rootDescribeBlock.hooks.find((hook) => hook.fn === openFileScope);
    if (template) wrapDescribeBlocks(circus.rootDescribeBlock, template, scopes);
  }
  function openTestScope() {
    const test = circus?.currentlyRunningTest;
    if (test) scopes.openTest(fullName(test), declarationOf(test));
    else scopes.openTest(expect.getState().currentTestName ?? null);
  }
  function closeTestScope() {
    return scopes.closeTest();
  }
  function closeFileScope() {
    return scopes.closeBlock(circus?.rootDescribeBlock ?? rootless);
  }

  beforeAll(openFileScope, timeoutMs);
  beforeEach(openTestScope, timeoutMs);
  afterEach(closeTestScope, timeoutMs);
  afterAll(closeFileScope, timeoutMs);

  if (circus) {
    const ours = circus.rootDescribeBlock.hooks.filter(
      (hook) => hook.fn === closeTestScope || hook.fn === closeFileScope,
    );
    stopKeepingLast = keepRootHooksLast(circus.rootDescribeBlock, ours);
  }
}

/** The file's block where there is no circus state to take it from. */
const rootless: CircusBlock = {
  type: 'describeBlock',
  name: 'ROOT_DESCRIBE_BLOCK',
  parent: undefined,
  hooks: [],
  children: [],
};

/**
 * Keeps `ours` (already registered on the root block) after every hook the test file registers
 * later at the top level: the per-test check must run after all of the user's afterEach hooks, and
 * the file check after their afterAll. Returns the function that stops doing so.
 */
function keepRootHooksLast(root: CircusBlock, ours: readonly CircusHook[]): () => void {
  const original = root.hooks.push;
  root.hooks.push = function push(this: CircusHook[], ...added: CircusHook[]) {
    const firstOurs = this.findIndex((hook) => ours.includes(hook) && hook.type.startsWith('after'));
    if (firstOurs < 0) return original.apply(this, added);
    this.splice(firstOurs, 0, ...added);
    return this.length;
  };
  return () => {
    root.hooks.push = original;
  };
}

/**
 * Gives every nested describe block a first beforeAll and a last afterAll of reaper's, built like
 * `template` (one of our own root hooks, so the shape matches the running Jest version). Called
 * once the file is collected, from the root's first beforeAll: nested blocks compute their hook
 * lists only when they start.
 */
function wrapDescribeBlocks(block: CircusBlock, template: CircusHook, scopes: FileScopes): void {
  for (const child of block.children) {
    // Jest 24 and 25 keep tests apart (`block.tests`) and give blocks no `type`.
    if (child.type === 'test') continue;
    child.hooks.unshift({ ...template, type: 'beforeAll', parent: child, fn: () => scopes.openBlock(child) });
    child.hooks.push({ ...template, type: 'afterAll', parent: child, fn: () => closeBlock(scopes, child) });
    wrapDescribeBlocks(child, template, scopes);
  }
}

/**
 * Checks a nested block. Its failure gets a stack (`stackOf`): Jest 24–29 show a failing afterAll
 * by its stack alone, and an empty one as 'Expected an Error, but "" was thrown'.
 */
async function closeBlock(scopes: FileScopes, block: CircusBlock): Promise<void> {
  try {
    await scopes.closeBlock(block);
  } catch (error) {
    if (error instanceof Error) error.stack = stackOf(error);
    throw error;
  }
}
