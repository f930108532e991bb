import type { Scope } from '@reaper/core';
import { type Checked, joinName, moveRecords, type Worker } from '@reaper/core/adapter';
import { blockOf } from './blocks.js';
import { isReadable, observeTeardowns, runnableNow, type TestInfoLike } from './runnable.js';

/** What reaper needs of Playwright's `TestInfo` (public fields, and the internal in runnable.ts). */
export interface TestInfo extends TestInfoLike {
  file: string;
  titlePath: string[];
  line: number;
  retry: number;
  /** `failed` for a test expected to fail (`test.fail()`). */
  expectedStatus?: string;
  annotations: { type: string; description?: string }[];
  attach(name: string, options: { body: string; contentType: string }): Promise<void>;
}

/** reaper's own fixtures: never a scope of their own. */
export const OWN_FIXTURES = new Set(['_reaperWorker', '_reaperTest', 'reaperOptions']);

/** A test file's scope (what its top-level hooks spawn), or a describe block's. */
interface Block {
  scope: Scope;
  file: string;
  /** The block's titles, and those of the blocks around it; none for the file. */
  titles: readonly string[];
}

/** What a fixture spawned, kept apart until Playwright shows whose it is. */
interface FixtureSpawns {
  title: string;
  scope: Scope;
  /** Where it goes once the fixture was torn down: its test's scope, or its file's for a hook. */
  home: Scope;
  tornDown: boolean;
}

/**
 * The scopes of one Playwright worker, and where each spawn goes, from Playwright's own state at
 * the spawn (runnable.ts):
 * - the worker (`run` scope): what worker-scoped fixtures spawn, and whatever runs outside a test
 *   (a worker fixture torn down as the worker stops, the worker's cleanup after a failure);
 * - each describe block (`suite` scope; a file's top level: `file` scope): what its `beforeAll`/
 *   `afterAll` hooks spawn, checked once the worker runs a test outside it, or stops;
 * - each test (`test` scope): its body, its `beforeEach`/`afterEach` hooks, its fixtures.
 * A fixture's scope cannot be told while it is set up; what it spawns is kept apart until the test
 * ends: torn down by then, it was the test's (or its hook's file's); alive, it is the worker's.
 */
export interface PlaywrightScopes {
  /** reaper's test fixture is set up: the test's scope opens; files the worker left are checked. */
  beginTest(info: TestInfo): Promise<void>;
  /** reaper's test fixture is torn down: the test is checked; a leak is thrown, Playwright's way. */
  endTest(info: TestInfo): Promise<void>;
  /** reaper's worker fixture is torn down (after every other worker fixture): the rest is checked. */
  end(): Promise<Error | undefined>;
}

export function createScopes(worker: Worker, currentInfo: () => TestInfo): PlaywrightScopes {
  const workerScope = worker.open({ scope: 'run', file: null, test: null });
  /** A file's scope (its top-level hooks) and its blocks' (`file`, then the blocks' titles). */
  const blocks = new Map<string, Block>();
  const pending: FixtureSpawns[] = [];
  const failures: Error[] = [];
  let test: Scope | undefined;
  /** This Playwright's worker state could not be read: nothing is checked (said once, `skipped`). */
  let lacking = false;

  const blockScope = (file: string, titles: readonly string[]): Scope => {
    const key = [file, ...titles].join('\0');
    let block = blocks.get(key);
    if (!block) {
      const scope =
        titles.length === 0
          ? worker.open({ scope: 'file', file, test: null, parent: workerScope, current: false })
          : worker.open({
              scope: 'suite',
              file,
              test: joinName(titles),
              parent: blockScope(file, titles.slice(0, -1)),
              current: false,
            });
      block = { scope, file, titles };
      blocks.set(key, block);
    }
    return block.scope;
  };
  /** A `beforeAll`/`afterAll` hook's block; its file's when the block cannot be told. */
  const hookScope = (info: TestInfo, location: object | undefined) =>
    blockScope(worker.fileOf(info.file) ?? info.file, blockOf(location) ?? []);
  const fixtureScope = (title: string, home: Scope) => {
    let spawns = pending.find((p) => p.title === title && p.home === home && !p.tornDown);
    if (!spawns) {
      const scope = worker.open({
        scope: 'test',
        file: home.file,
        test: home.test,
        parent: home,
        current: false,
      });
      spawns = { title, scope, home, tornDown: false };
      pending.push(spawns);
    }
    return spawns.scope;
  };

  worker.chooseScope(() => {
    let info: TestInfo;
    try {
      info = currentInfo();
    } catch {
      // No test runs: the worker's fixtures are torn down as it stops, or a file is being loaded.
      return workerScope;
    }
    const runnable = runnableNow(info);
    if (!runnable) return undefined;
    if (runnable.type === 'teardown') return workerScope;
    const hook = runnable.type === 'beforeAll' || runnable.type === 'afterAll';
    const home = hook ? hookScope(info, runnable.location) : test;
    if (!home) return undefined;
    if (runnable.fixture && !OWN_FIXTURES.has(runnable.fixture.title))
      return fixtureScope(runnable.fixture.title, home);
    return home;
  });

  /** Fixtures torn down since go to their test or file; with `all`, the others to the worker. */
  const settle = (all: boolean) => {
    for (const spawns of [...pending]) {
      if (!spawns.tornDown && !all) continue;
      moveRecords(spawns.scope, spawns.tornDown ? spawns.home : workerScope);
      worker.check(spawns.scope);
      pending.splice(pending.indexOf(spawns), 1);
    }
  };
  /** Checks the blocks `done` says are over, innermost first: their leaks fail the worker, as it ends. */
  const checkBlocks = async (done: (block: Block) => boolean) => {
    const over = [...blocks.entries()].filter(([, block]) => done(block));
    over.sort(([, a], [, b]) => b.titles.length - a.titles.length);
    for (const [key, block] of over) {
      blocks.delete(key);
      const checked = await worker.check(block.scope);
      if (checked?.verdict.action === 'fail') failures.push(failureOf(checked));
    }
  };

  return {
    async beginTest(info) {
      if (lacking || !isReadable(info)) {
        if (!lacking) worker.lacks("a test's timeout manager (`testInfo._timeoutManager`)");
        lacking = true;
        return;
      }
      observeTeardowns(info, (title) => {
        for (const spawns of pending) if (spawns.title === title) spawns.tornDown = true;
      });
      settle(false);
      // A block's afterAll hooks have run once the worker runs a test outside it.
      const file = worker.fileOf(info.file);
      const titles = info.titlePath.slice(1, -1);
      await checkBlocks((block) => block.file !== file || block.titles.some((t, i) => titles[i] !== t));
      const title = joinName(info.titlePath.slice(1));
      test = worker.open({
        scope: 'test',
        file,
        test: info.retry > 0 ? `${title} (retry ${info.retry})` : title,
        parent: workerScope,
        declaredAt: info.line,
      });
    },
    async endTest(info) {
      const scope = test;
      test = undefined;
      // Fixtures of the test torn down by now were its own; those alive are the worker's.
      for (const spawns of pending) if (spawns.home === scope && !spawns.tornDown) spawns.home = workerScope;
      settle(true);
      if (!scope) return;
      const checked = await worker.check(scope);
      // A test expected to fail (`test.fail()`) would pass by failing on its leak: the leak fails
      // the worker instead, said as it ends.
      if (checked) await report(info, checked, info.expectedStatus === 'failed' ? failures : undefined);
    },
    async end() {
      if (lacking) return undefined;
      try {
        settle(true);
        await checkBlocks(() => true);
        const checked = await worker.check(workerScope);
        if (checked?.verdict.action === 'fail') failures.push(failureOf(checked));
      } finally {
        worker.stop();
      }
      if (failures.length === 0) return undefined;
      const error = failures[0]!;
      if (failures.length > 1) error.message = failures.map((f) => f.message).join('\n\n');
      return error;
    },
  };
}

/**
 * A test's leak: an annotation and the result attached (HTML report, trace viewer), then the
 * failure: the test's, or, given `elsewhere`, added there instead.
 */
async function report(info: TestInfo, checked: Checked, elsewhere?: Error[]): Promise<void> {
  const { result, verdict } = checked;
  if (result.leaked.length === 0 || verdict.action === 'none') return;
  info.annotations.push({ type: 'reaper', description: verdict.message.split('\n')[0] });
  await info.attach('reaper', {
    body: `${JSON.stringify(result, null, 2)}\n`,
    contentType: 'application/json',
  });
  if (verdict.action !== 'fail') return;
  if (elsewhere) elsewhere.push(failureOf(checked));
  else throw failureOf(checked);
}

/**
 * The error to fail with, its stack the headline and the spawn's frame only: Playwright reads every
 * line of a stack as a possible frame, and the report's lines end in a spawn site (`file:12:5`).
 */
function failureOf({ verdict }: Checked): Error {
  if (verdict.action !== 'fail') throw new Error('reaper: no failure to raise');
  const error = verdict.error;
  error.stack = [`Error: ${verdict.message.split('\n')[0]}`, verdict.spawnFrame].filter(Boolean).join('\n');
  return error;
}
