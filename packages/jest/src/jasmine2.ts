/**
 * jest-jasmine2 (Jest 24–26's default runner, `testRunner: 'jest-jasmine2'` on 27–30): follows the
 * file through hooks and jasmine's own tree. Our root hooks are registered before the test file is
 * loaded, and jasmine runs a block's beforeAll/beforeEach in the order registered and its
 * afterEach/afterAll in reverse: ours come first and last by themselves. Once the file is collected
 * (our root beforeAll), every describe block gets a first beforeAll and a last afterAll of ours, and
 * each test is known by its spec's id, which a reporter of ours hears first (`specStarted`). A
 * `test.concurrent` test, which jasmine2 starts as it is declared, opens the file's scope first.
 *
 * A block's failure is reported as a failed result of its own, `<block> › beforeAll/afterAll
 * (reaper)`: jasmine2 drops what an afterAll throws in a describe block, and for the file's
 * afterAll it fails the file and drops every test result of it ("Test suite failed to run").
 */
import { type CircusBlock, type CircusTest, fullName } from './circus.js';
import type { FileScopes } from './scopes.js';

interface Done {
  (): void;
  fail(error: unknown): void;
}

/** A hook as jasmine's queue runs it. */
interface Queueable {
  fn: (done: Done) => void;
  timeout?: () => number;
}

interface FailedExpectation {
  matcherName: string;
  message: string;
  stack: string;
  passed: false;
  expected: string;
  actual: string;
  error: unknown;
}

interface SpecResult {
  id: string;
  description: string;
  fullName: string;
  failedExpectations: FailedExpectation[];
  passedExpectations: unknown[];
  pendingReason: string;
  status?: string;
  testPath?: string;
}

interface JasmineSpec {
  id: string;
  description: string;
  result: SpecResult;
  /** Reports the spec's result to every reporter, Jest's among them. */
  resultCallback: (result: SpecResult) => void;
  /** Made where the test is declared. */
  initError?: { stack?: string };
}

interface JasmineSuite {
  id: string;
  description: string;
  children: Array<JasmineSuite | JasmineSpec>;
  beforeAllFns: Queueable[];
  afterAllFns: Queueable[];
}

export interface JasmineEnv {
  topSuite(): JasmineSuite;
  addReporter(reporter: { specStarted(result: { id: string }): void }): void;
}

/** The title of the result a block's failure is reported as. */
export const BLOCK_HOOKS_TITLE = 'beforeAll/afterAll (reaper)';

/** jest-jasmine2's jasmine env, from the test file's global `jasmine`; undefined under circus. */
export function getJasmineEnv(): JasmineEnv | undefined {
  const jasmine = (globalThis as { jasmine?: { getEnv?: () => unknown } }).jasmine;
  const env = typeof jasmine?.getEnv === 'function' ? (jasmine.getEnv() as Partial<JasmineEnv>) : undefined;
  if (typeof env?.topSuite !== 'function' || typeof env.addReporter !== 'function') return undefined;
  return env as JasmineEnv;
}

export function followJasmine(scopes: FileScopes, env: JasmineEnv, timeoutMs: number): void {
  const root = blockOf('ROOT_DESCRIBE_BLOCK', undefined);
  const specs = new Map<string, { test: CircusTest; spec: JasmineSpec }>();
  let running: { test: CircusTest; spec: JasmineSpec } | undefined;
  // Any spec's callback reports a result to Jest's reporter: the one a block's failure goes to.
  let report: ((result: SpecResult) => void) | undefined;
  let failures = 0;

  env.addReporter({
    specStarted(result) {
      running = specs.get(result.id);
    },
  });

  /** False where a describe block has no hook lists to add ours to (reaper then stops). */
  function collect(suite: JasmineSuite, block: CircusBlock): boolean {
    if (!Array.isArray(suite?.children)) {
      scopes.lacks("jest-jasmine2's describe block `children`");
      return false;
    }
    for (const child of suite.children) {
      if (!isSuite(child)) {
        specs.set(child.id, { test: { type: 'test', name: child.description, parent: block }, spec: child });
        if (typeof child.resultCallback === 'function') report ??= child.resultCallback;
        continue;
      }
      if (!Array.isArray(child.beforeAllFns) || !Array.isArray(child.afterAllFns)) {
        scopes.lacks("jest-jasmine2's describe block hook lists (`beforeAllFns`, `afterAllFns`)");
        return false;
      }
      const inner = blockOf(child.description, block);
      child.beforeAllFns.unshift(queueable(() => scopes.openBlock(inner), timeoutMs));
      child.afterAllFns.push(queueable(() => closeBlock(inner), timeoutMs));
      if (!collect(child, inner)) return false;
    }
    return true;
  }

  async function closeBlock(block: CircusBlock): Promise<void> {
    try {
      await scopes.closeBlock(block);
    } catch (error) {
      if (!report) throw error;
      const names = [...(block.parent ? [fullName(block)] : []), BLOCK_HOOKS_TITLE];
      report({
        id: `reaper-block-${++failures}`,
        description: BLOCK_HOOKS_TITLE,
        fullName: names.join(' '),
        failedExpectations: [failedExpectation(error)],
        passedExpectations: [],
        pendingReason: '',
        status: 'failed',
      });
    }
  }

  let fileOpen = false;
  const openFile = () => {
    if (fileOpen) return;
    fileOpen = true;
    scopes.openBlock(root);
  };
  openFileAtConcurrentTests(openFile);
  beforeAll(() => {
    if (collect(env.topSuite(), root)) openFile();
  }, timeoutMs);
  // The spec whose test scope is open: its result takes the test's failure.
  let current: { test: CircusTest; spec: JasmineSpec } | undefined;
  beforeEach(() => {
    current = running;
    running = undefined;
    if (!current) return scopes.openTest(expect.getState().currentTestName ?? null);
    const { spec } = current;
    scopes.openTest(fullName(current.test), () => spec.initError?.stack);
  }, timeoutMs);
  afterEach(async () => {
    const spec = current?.spec;
    current = undefined;
    try {
      await scopes.closeTest();
    } catch (error) {
      // Into the spec's result as it is: thrown, jasmine would put `Error: ` and the message before
      // the stack, which starts with the message (Jest showed it twice).
      const failed = spec?.result?.failedExpectations;
      if (!Array.isArray(failed)) throw error;
      failed.push(failedExpectation(error));
    }
  }, timeoutMs);
  afterAll(() => closeBlock(root), timeoutMs);
}

type Declare = ((...args: unknown[]) => unknown) & {
  each?: (...table: unknown[]) => (...args: unknown[]) => unknown;
  only?: Declare;
};

/**
 * jest-jasmine2 starts a `test.concurrent` test's body where the file declares it, before any hook
 * has run: the file's scope opens then, so that what such a test spawns is the file's.
 */
function openFileAtConcurrentTests(openFile: () => void): void {
  const global = globalThis as { it?: { concurrent?: Declare }; fit?: { concurrent?: Declare } };
  for (const host of [global.it, global.fit]) {
    if (typeof host?.concurrent === 'function') host.concurrent = openingFirst(host.concurrent, openFile);
  }
}

/** `declare` (with its `.each` and `.only`), calling `open` first. */
function openingFirst(declare: Declare, open: () => void): Declare {
  const wrapped: Declare = Object.assign(function (this: unknown, ...args: unknown[]) {
    open();
    return declare.apply(this, args);
  }, declare);
  const { each, only } = declare;
  if (typeof each === 'function') {
    wrapped.each = (...table) => {
      const declareEach = each(...table);
      return (...args) => {
        open();
        return declareEach(...args);
      };
    };
  }
  if (typeof only === 'function') wrapped.only = openingFirst(only, open);
  return wrapped;
}

function blockOf(name: string, parent: CircusBlock | undefined): CircusBlock {
  return { type: 'describeBlock', name, parent, hooks: [], children: [] };
}

function isSuite(node: JasmineSuite | JasmineSpec): node is JasmineSuite {
  return Array.isArray((node as JasmineSuite).children);
}

function queueable(action: () => unknown, timeoutMs: number): Queueable {
  return {
    fn(done) {
      Promise.resolve()
        .then(action)
        .then(() => done(), done.fail);
    },
    timeout: () => timeoutMs,
  };
}

/**
 * A failure's stack as Jest shows it: the test's is the message and the spawn site; a block's has
 * none (scopes.ts), and is given its spawn site, after which Jest takes all before it for the
 * message (without one it takes the first line, and the rest for frames).
 */
export function stackOf(error: unknown): string {
  const {
    message = String(error),
    stack,
    spawnFrame,
  } = (error ?? {}) as {
    message?: string;
    stack?: string;
    spawnFrame?: string;
  };
  return stack || [message, spawnFrame].filter(Boolean).join('\n');
}

/** How jasmine records a failure, with reaper's message and stack as they are. */
function failedExpectation(error: unknown): FailedExpectation {
  // Jest 30 reads the stack from the error too.
  if (error instanceof Error) error.stack = stackOf(error);
  return {
    matcherName: '',
    message: (error as Error | undefined)?.message ?? String(error),
    stack: stackOf(error),
    passed: false,
    expected: '',
    actual: '',
    error,
  };
}
