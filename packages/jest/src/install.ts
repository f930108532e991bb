import { relative, resolve } from 'node:path';
import {
  closeScope,
  formatResult,
  hasLeaks,
  installHook,
  isPlatformSupported,
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
  type CircusBlock,
  fullName,
  getCircusState,
  keepRootHooksLast,
  wrapDescribeBlocks,
} from './circus.js';
import { ownDirectory } from './own-directory.js';

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
  setProjectRoot(root);
  registerInternalPath(ownDirectory());
  // A transformer that starts a helper while a test runs is Jest's, not the test's.
  registerRunnerPath('/@jest/transform/');

  const circus = getCircusState();
  let fileScope: Scope | undefined;
  let testScope: Scope | undefined;
  const suiteScopes = new Map<CircusBlock, Scope>();

  const report = (result: ScopeResult) => {
    sendResult(result);
    if (result.leaked.length === 0) return;
    const message = formatResult(result);
    if (!hasLeaks(result) || resolved.mode === 'warn') {
      console.warn(message);
      return;
    }
    const error = new Error(message);
    // No stack into reaper's own hook: the message is the story. For a test, one frame at the
    // spawn site, so that Jest keeps the whole message together and shows that line of code.
    // (Jest prints a failing file's message and then its stack, so there: no stack at all.)
    const site = result.leaked.find((p) => p.spawnedAt)?.spawnedAt;
    error.stack = result.scope === 'test' ? `${message}${site ? `\n    at ${resolve(root, site)}` : ''}` : '';
    throw error;
  };
  const close = async (scope: Scope | undefined) => {
    if (scope && !scope.closed) report(await closeScope(scope, resolved));
  };

  function openFileScope() {
    fileScope = openScope({ scope: 'file', file, test: null });
    if (!circus) return;
    stopKeepingLast?.();
    const template = circus.rootDescribeBlock.hooks.find((hook) => hook.fn === openFileScope);
    if (!template) return;
    wrapDescribeBlocks(
      circus.rootDescribeBlock,
      template,
      (block) => {
        suiteScopes.set(block, openScope({ scope: 'suite', file, test: fullName(block) }));
      },
      async (block) => {
        const scope = suiteScopes.get(block);
        suiteScopes.delete(block);
        await close(scope);
      },
    );
  }
  function openTestScope() {
    const test = circus?.currentlyRunningTest;
    const name = test ? fullName(test) : (expect.getState().currentTestName ?? null);
    testScope = openScope({ scope: 'test', file, test: name });
  }
  async function closeTestScope() {
    const scope = testScope;
    testScope = undefined;
    await close(scope);
  }
  async function closeFileScope() {
    try {
      await close(fileScope);
    } finally {
      uninstallHook();
    }
  }

  // Registered before the test file is loaded: our beforeAll/beforeEach run first.
  beforeAll(openFileScope, timeout);
  beforeEach(openTestScope, timeout);
  afterEach(closeTestScope, timeout);
  afterAll(closeFileScope, timeout);

  // …and our afterEach/afterAll must run last, after the ones the test file registers next.
  let stopKeepingLast: (() => void) | undefined;
  if (circus) {
    const ours = circus.rootDescribeBlock.hooks.filter(
      (hook) => hook.fn === closeTestScope || hook.fn === closeFileScope,
    );
    stopKeepingLast = keepRootHooksLast(circus.rootDescribeBlock, ours);
  }
}
