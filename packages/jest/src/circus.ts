/**
 * What reaper needs from jest-circus, Jest's default runner (29 and 30): its state, read from the
 * test file's global (requiring `jest-circus` from user code would load a second, empty copy), and
 * a way to put reaper's hooks where they must run. Nothing else here knows about circus.
 */

export interface CircusHook {
  fn: (...args: unknown[]) => unknown;
  type: 'beforeAll' | 'beforeEach' | 'afterEach' | 'afterAll';
  parent: CircusBlock;
  [key: string]: unknown;
}

export interface CircusBlock {
  type: 'describeBlock';
  name: string;
  parent: CircusBlock | undefined;
  hooks: CircusHook[];
  children: Array<CircusBlock | CircusTest>;
}

export interface CircusTest {
  type: 'test';
  name: string;
  parent: CircusBlock;
}

export interface CircusState {
  rootDescribeBlock: CircusBlock;
  currentlyRunningTest: CircusTest | null;
  unhandledErrors: unknown[];
}

export type CircusEvent =
  | { name: 'run_describe_start'; describeBlock: CircusBlock }
  | { name: 'run_describe_finish'; describeBlock: CircusBlock }
  | { name: 'test_start'; test: CircusTest & { errors: unknown[] } }
  | { name: 'test_done'; test: CircusTest & { errors: unknown[] } }
  | { name: string };

export type CircusEventHandler = (event: CircusEvent, state: CircusState) => unknown;

/**
 * Jest 30 keeps circus's event handlers on the test file's global, so a setup file can add one;
 * Jest 29 keeps them out of reach. Adds `handler` first, so that its errors are in place before
 * Jest's own handlers report the test. Returns false where that is not possible.
 */
export function addFirstEventHandler(handler: CircusEventHandler): boolean {
  const handlers = (globalThis as Record<symbol, unknown>)[Symbol.for('EVENT_HANDLERS')];
  if (!Array.isArray(handlers)) return false;
  handlers.unshift(handler);
  return true;
}

export function isRoot(block: CircusBlock): boolean {
  return block.name === ROOT;
}

const ROOT = 'ROOT_DESCRIBE_BLOCK';

export function getCircusState(): CircusState | undefined {
  const key = Object.getOwnPropertySymbols(globalThis).find((s) => s.description === 'JEST_STATE_SYMBOL');
  const state = key ? (globalThis as Record<symbol, unknown>)[key] : undefined;
  if (state && typeof state === 'object' && 'rootDescribeBlock' in state) return state as CircusState;
  return undefined;
}

/** `outer > inner > test name`, as in the report. */
export function fullName(node: CircusTest | CircusBlock): string {
  const names: string[] = [];
  for (let at: CircusTest | CircusBlock | undefined = node; at && at.name !== ROOT; at = at.parent) {
    names.unshift(at.name);
  }
  return names.join(' > ');
}

/**
 * Keeps `ours` (already registered on the root block) after every hook the test file registers
 * later at the top level: the per-test check must run after all of the user's afterEach hooks, and
 * the file check after their afterAll. Returns the function that stops doing so.
 */
export function keepRootHooksLast(root: CircusBlock, ours: readonly CircusHook[]): () => void {
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
export function wrapDescribeBlocks(
  block: CircusBlock,
  template: CircusHook,
  open: (block: CircusBlock) => unknown,
  close: (block: CircusBlock) => unknown,
): void {
  for (const child of block.children) {
    if (child.type !== 'describeBlock') continue;
    child.hooks.unshift({ ...template, type: 'beforeAll', parent: child, fn: () => open(child) });
    child.hooks.push({ ...template, type: 'afterAll', parent: child, fn: () => close(child) });
    wrapDescribeBlocks(child, template, open, close);
  }
}
