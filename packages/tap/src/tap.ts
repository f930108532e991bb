/**
 * What reaper reads of node-tap's tests: the `TestBase` a plugin is given (`@tapjs/core`, the same
 * from tap 18 to 21). tap itself is never imported: the project's copy runs.
 */
import { joinName } from '@reaper/core/adapter';

export interface TapTest {
  name: string;
  /** The test this one is a subtest of; none for a process's root `TAP` object. */
  parent?: TapTest;
  /** `Symbol.for('tap.isRunner')` in the runner's root test (the `tap` command's process). */
  context?: unknown;
  options?: { context?: unknown };
  /**
   * Runs the test: its beforeEach hooks, its function, its subtests, its teardowns (`t.teardown`),
   * then the parent's afterEach hooks; `cb` comes once all of that is over and its results are in.
   */
  runMain(cb: () => void): void;
  /** tap's own way to fail a test that ended (an afterEach hook's error): the test, then its parent. */
  threw(error: unknown): void;
}

const RUNNER_CONTEXT = Symbol.for('tap.isRunner');

/** The `tap` command's root test (its process spawns every test file), not a test file's. */
export function isRunnerRoot(t: TapTest): boolean {
  return !t.parent && (t.options?.context ?? t.context) === RUNNER_CONTEXT;
}

/** `outer > inner > name`, as in the report: every level below the file's root `TAP`. */
export function fullName(t: TapTest): string {
  const levels: string[] = [];
  for (let at: TapTest | undefined = t; at?.parent; at = at.parent) levels.unshift(at.name);
  return joinName(levels);
}

/** Whether `t` has what reaper relies on; the missing internal's name otherwise. */
export function missingInternal(t: TapTest): string | undefined {
  if (typeof t.runMain !== 'function') return "a test's `runMain()`";
  if (typeof t.threw !== 'function') return "a test's `threw()`";
  return undefined;
}
