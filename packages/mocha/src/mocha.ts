/**
 * What reaper reads of Mocha's runnables (stable across Mocha 10 and 11): a hook's context, its
 * suite tree, the test a hook runs for. Mocha itself is never imported: the project's copy runs.
 */
import { joinName } from '@reaper/core/adapter';

export interface MochaRunnable {
  title: string;
  file?: string;
  parent?: MochaSuite;
  fn?: unknown;
  titlePath(): string[];
}

export interface MochaHook extends MochaRunnable {
  /** Mocha fails the hook's test (not the hook) with this error once the hook is done. */
  error(err: Error): void;
}

export interface MochaSuite {
  title: string;
  root: boolean;
  file?: string;
  parent?: MochaSuite;
  suites: MochaSuite[];
  tests: MochaRunnable[];
  _beforeAll: MochaHook[];
  _beforeEach: MochaHook[];
  _afterEach: MochaHook[];
  _afterAll: MochaHook[];
  beforeAll(title: string, fn: HookFn): unknown;
  afterAll(title: string, fn: HookFn): unknown;
  titlePath(): string[];
}

/** `this` in a hook: the hook is `test`, the test it runs for is `currentTest`. */
export interface HookContext {
  test: MochaHook;
  currentTest?: MochaRunnable;
  timeout(ms: number): void;
}

export type HookFn = (this: HookContext) => unknown;

/** `outer > inner > test name`, as in the report. */
export function fullName(node: MochaRunnable | MochaSuite): string {
  return joinName(node.titlePath());
}

/** Every test file under a suite (the root suite of a serial run holds them all). */
export function filesOf(suite: MochaSuite, into = new Set<string>()): Set<string> {
  if (suite.file) into.add(suite.file);
  for (const test of suite.tests) if (test.file) into.add(test.file);
  for (const child of suite.suites) filesOf(child, into);
  return into;
}
