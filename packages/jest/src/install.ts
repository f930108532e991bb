import { relative } from 'node:path';
import {
  callerDirectory,
  closeScope,
  guardInterrupts,
  installHook,
  isPlatformSupported,
  judge,
  openScope,
  type ReaperOptions,
  registerInternalPath,
  registerRunnerPath,
  resolveOptions,
  type Scope,
  type ScopeResult,
  setProjectRoot,
  uninstallHook,
} from '@reaper/core';
import { ROOT_DIR_VAR, sendResult } from './channel.js';
import {
  addFirstEventHandler,
  type CircusBlock,
  type CircusTest,
  fullName,
  getCircusState,
  isRoot,
  keepRootHooksLast,
  wrapDescribeBlocks,
} from './circus.js';

export type ReaperJestOptions = ReaperOptions;

const INSTALLED = Symbol.for('reaper.jest.installed');

/**
 * Installs reaper for the current test file. Call it from a file listed in `setupFilesAfterEnv`
 * (`@reaper/jest/setup` calls it with no options). Each test becomes a scope: what it spawns in its
 * body and its beforeEach/afterEach hooks is checked after the last of the user's afterEach hooks;
 * what beforeAll/afterAll spawn belongs to their describe block (or the file) and is checked after
 * that block's last afterAll.
 */
export function installReaper(options: ReaperJestOptions = {}): void {
  const resolved = resolveOptions(options, { source: '@reaper/jest' });
  if (resolved.mode === 'off') return;
  const sandbox = globalThis as { [INSTALLED]?: boolean };
  if (sandbox[INSTALLED]) return;
  sandbox[INSTALLED] = true;
  if (!isPlatformSupported()) {
    console.warn(`reaper: ${process.platform} is not supported yet; leaked processes are not checked.`);
    return;
  }

  const root = process.env[ROOT_DIR_VAR] || process.cwd();
  const testPath = expect.getState().testPath;
  const file = testPath ? relative(root, testPath).split('\\').join('/') : null;
  // Long enough for the whole ladder, whatever the user's hook timeout.
  const timeout = resolved.settleMs + resolved.graceMs + resolved.killWaitMs + 10_000;

  installHook();
  // Ctrl-C or a CI cancel that reaches this worker, or a worker left without its parent: what the
  // running test and file spawned is ended before the worker goes.
  const unguard = guardInterrupts(resolved);
  setProjectRoot(root);
  registerInternalPath(callerDirectory());
  // A transformer that starts a helper while a test runs is Jest's, not the test's.
  registerRunnerPath('/@jest/transform/');

  const circus = getCircusState();
  let fileScope: Scope | undefined;
  let testScope: Scope | undefined;
  const suiteScopes = new Map<CircusBlock, Scope>();

  const report = (result: ScopeResult) => {
    // A scope that spawned nothing has nothing to say (and most tests spawn nothing).
    if (result.spawned.length === 0 && result.leaked.length === 0) return;
    sendResult(result);
    const verdict = judge(result, resolved.mode, root);
    if (verdict.action === 'warn') console.warn(verdict.message);
    if (verdict.action !== 'fail') return;
    // Jest prints a failing test's stack: the message then one frame at the spawn site, which it
    // shows as a code frame. For a failing file it prints the message and then the stack: none.
    const { error, message, spawnFrame } = verdict;
    error.stack = result.scope === 'test' ? [message, spawnFrame].filter(Boolean).join('\n') : '';
    throw error;
  };
  const close = async (scope: Scope | undefined) => {
    if (scope && !scope.closed) report(await closeScope(scope, resolved));
  };

  const openTest = (name: string | null) => {
    testScope = openScope({ scope: 'test', file, test: name });
  };
  const closeTest = async () => {
    const scope = testScope;
    testScope = undefined;
    await close(scope);
  };
  const openBlock = (block: CircusBlock) => {
    if (isRoot(block)) fileScope = openScope({ scope: 'file', file, test: null });
    else suiteScopes.set(block, openScope({ scope: 'suite', file, test: fullName(block) }));
  };
  const closeFile = async () => {
    try {
      await close(fileScope);
    } finally {
      unguard();
      uninstallHook();
    }
  };
  const closeBlock = async (block: CircusBlock) => {
    if (isRoot(block)) return closeFile();
    const scope = suiteScopes.get(block);
    suiteScopes.delete(block);
    return close(scope);
  };

  // Jest 30: circus events, no hooks at all (a hook per test costs Jest more than reaper's check).
  // test_start comes before the first beforeEach, test_done after the last afterEach;
  // run_describe_start/finish wrap a block's beforeAll and afterAll.
  const usesEvents =
    circus !== undefined &&
    addFirstEventHandler((event, state) => {
      switch (event.name) {
        case 'run_describe_start':
          return openBlock((event as { describeBlock: CircusBlock }).describeBlock);
        case 'test_start':
          return openTest(fullName((event as { test: CircusTest }).test));
        case 'test_done': {
          const { test } = event as { test: { errors: unknown[] } };
          return closeTest().catch((error: unknown) => {
            test.errors.push(error);
          });
        }
        case 'run_describe_finish':
          return closeBlock((event as { describeBlock: CircusBlock }).describeBlock).catch(
            (error: unknown) => {
              state.unhandledErrors.push(error);
            },
          );
      }
      return undefined;
    });
  if (usesEvents) return;

  // Jest 29: hooks. Ours are registered before the test file is loaded, so our beforeAll and
  // beforeEach run first; our afterEach and afterAll are kept last (keepRootHooksLast), and every
  // nested describe block gets a first beforeAll and a last afterAll of ours once the file is
  // collected (wrapDescribeBlocks, from our root beforeAll).
  function openFileScope() {
    if (circus) {
      openBlock(circus.rootDescribeBlock);
      stopKeepingLast?.();
      const template = circus.rootDescribeBlock.hooks.find((hook) => hook.fn === openFileScope);
      if (template) wrapDescribeBlocks(circus.rootDescribeBlock, template, openBlock, closeBlock);
    } else {
      fileScope = openScope({ scope: 'file', file, test: null });
    }
  }
  function openTestScope() {
    const test = circus?.currentlyRunningTest;
    openTest(test ? fullName(test) : (expect.getState().currentTestName ?? null));
  }
  function closeTestScope() {
    return closeTest();
  }
  function closeFileScope() {
    return closeFile();
  }

  beforeAll(openFileScope, timeout);
  beforeEach(openTestScope, timeout);
  afterEach(closeTestScope, timeout);
  afterAll(closeFileScope, timeout);

  let stopKeepingLast: (() => void) | undefined;
  if (circus) {
    const ours = circus.rootDescribeBlock.hooks.filter(
      (hook) => hook.fn === closeTestScope || hook.fn === closeFileScope,
    );
    stopKeepingLast = keepRootHooksLast(circus.rootDescribeBlock, ours);
  }
}
