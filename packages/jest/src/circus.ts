/**
 * What reaper reads of jest-circus, Jest's default runner: its types and its state, read from the
 * test file's global (requiring `jest-circus` from user code would load a second, empty copy).
 * How reaper follows a file's tests is in circus-events.ts (Jest 30) and circus-hooks.ts (Jest 29).
 */
import { loadKit } from './kit.js';

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
  /** Made where the test is declared (circus reads the test's location from it): Jest 24–30. */
  asyncError?: { stack?: string };
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

/** A stack taken where `test` is declared, read only when a report names the test's line. */
export function declarationOf(test: CircusTest): () => string | undefined {
  return () => test.asyncError?.stack;
}

/** `outer > inner > test name`, as in the report. */
export function fullName(node: CircusTest | CircusBlock): string {
  const names: string[] = [];
  for (let at: CircusTest | CircusBlock | undefined = node; at && at.name !== ROOT; at = at.parent) {
    names.unshift(at.name);
  }
  return loadKit().joinName(names);
}
