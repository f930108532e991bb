import type { ReaperOptions } from '@reaper/core';
import { type CircusBlock, getCircusState } from './circus.js';
import { followCircusEvents } from './circus-events.js';
import { followCircusHooks } from './circus-hooks.js';
import { whenFrameworkIsIn } from './framework.js';
import { followJasmine, getJasmineEnv } from './jasmine2.js';
import { loadKit } from './kit.js';
import { createFileScopes } from './scopes.js';
import { JEST } from './support.js';

export type ReaperJestOptions = ReaperOptions;

const INSTALLED = Symbol.for('reaper.jest.installed');

/**
 * Installs reaper for the current test file. Call it from a file listed in `setupFilesAfterEnv` or
 * `setupFiles` (`@reaper/jest/setup` calls it with no options): the spawn hook goes in at once, the
 * per-test hooks once the test framework is in (framework.ts). Each test becomes a scope: what it
 * spawns in its body and its beforeEach/afterEach hooks is checked after the last of the user's
 * afterEach hooks; what beforeAll/afterAll spawn belongs to their describe block (or the file) and
 * is checked after that block's last afterAll.
 */
export function installReaper(options: ReaperJestOptions = {}): void {
  const sandbox = globalThis as { [INSTALLED]?: boolean };
  if (sandbox[INSTALLED]) return;
  const { callerDirectory, shareNoticesWithSiblings, startWorker } = loadKit();
  // Each of Jest's worker processes would say the same line: it is said once among them.
  if (JEST_WORKER.test(process.argv[1] ?? '')) shareNoticesWithSiblings();
  const worker = startWorker({
    options,
    source: '@reaper/jest',
    runner: JEST,
    adapterDirectory: callerDirectory(),
    // A transformer that starts a helper while a test runs is Jest's, not the test's.
    runnerPaths: ['/@jest/transform/'],
    // The kit lives outside this file's sandbox; spawn sites are formatted the sandbox's way.
    errorClass: Error,
  });
  if (!worker) return;
  sandbox[INSTALLED] = true;
  whenFrameworkIsIn(
    () => {
      // From setupFiles, Jest gives `expect` the test's path only after this: it is read at the
      // file's first scope.
      const scopes = createFileScopes(worker, () => worker.fileOf(expect.getState().testPath));
      const circus = getCircusState();
      if (circus && !hasBlockLists(circus.rootDescribeBlock)) {
        scopes.lacks("jest-circus's describe block lists (`rootDescribeBlock.hooks`, `.children`)");
        return;
      }
      if (circus && followCircusEvents(scopes)) return;
      const jasmine = circus ? undefined : getJasmineEnv();
      if (jasmine) return followJasmine(scopes, jasmine, worker.hookTimeoutMs);
      followCircusHooks(scopes, circus, worker.hookTimeoutMs);
    },
    () => {
      loadKit().noticeOnce(WITHOUT_GLOBALS);
      worker.stop();
    },
  );
}

/** The script of a Jest worker process (jest-worker: `build/workers/` in Jest 24–29, `build/` in 30). */
const JEST_WORKER = /[\\/]jest-worker[\\/]build[\\/](workers[\\/])?processChild\.js$/;

/** What reaper reads and changes of circus's describe blocks (circus-hooks.ts, circus-events.ts). */
function hasBlockLists(block: CircusBlock | undefined): boolean {
  return Array.isArray(block?.hooks) && Array.isArray(block?.children);
}

const WITHOUT_GLOBALS =
  "reaper: Jest's globals (`expect`, `beforeAll`, …) are not in the test files (`injectGlobals: false`), and @reaper/jest follows tests through them; leaked processes are NOT checked in this run. Set `injectGlobals: true`, or gate the whole run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.";
