import type { HookFn, MochaHook, MochaSuite } from './mocha.js';

/**
 * Puts reaper's root hooks where they must be once every test file is loaded: its beforeAll and
 * beforeEach first, its afterEach and afterAll after every top-level hook of the test files (a
 * test's check comes after all of the user's afterEach hooks).
 */
export function orderRootHooks(root: MochaSuite, ours: readonly unknown[]): void {
  const isOurs = (hook: MochaHook) => ours.includes(hook.fn);
  for (const list of [root._beforeAll, root._beforeEach]) moveTo(list, isOurs, 'front');
  for (const list of [root._afterEach, root._afterAll]) moveTo(list, isOurs, 'back');
}

/**
 * Gives every describe block under `suite` a first beforeAll and a last afterAll of reaper's, so
 * that what its beforeAll/afterAll hooks spawn is the block's own, checked after its last afterAll.
 * Called from the root beforeAll, when the whole tree is loaded.
 */
export function wrapDescribeBlocks(
  suite: MochaSuite,
  hooksFor: (block: MochaSuite) => { open: HookFn; check: HookFn },
): void {
  for (const block of suite.suites) {
    const before = block._beforeAll.length;
    const { open, check } = hooksFor(block);
    block.beforeAll('reaper', open);
    // A pending (skipped) block takes no hooks, and none of its tests run.
    if (block._beforeAll.length === before) continue;
    moveTo(block._beforeAll, (hook) => hook.fn === open, 'front');
    block.afterAll('reaper', check);
    wrapDescribeBlocks(block, hooksFor);
  }
}

function moveTo(list: MochaHook[], pick: (hook: MochaHook) => boolean, end: 'front' | 'back'): void {
  const picked = list.filter(pick);
  const rest = list.filter((hook) => !pick(hook));
  list.splice(0, list.length, ...(end === 'front' ? [...picked, ...rest] : [...rest, ...picked]));
}
