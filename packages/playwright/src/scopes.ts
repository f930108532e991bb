import type { Scope } from '@reaper/core';
import { type Checked, joinName, moveRecords, type Worker } from '@reaper/core/adapter';
import { isReadable, observeTeardowns, runnableNow, type TestInfoLike } from './runnable.js';

/** What reaper needs of Playwright's `TestInfo` (public fields, and the internal in runnable.ts). */
export interface TestInfo extends TestInfoLike {
  file: string;
  titlePath: string[];
  line: number;
  retry: number;
  annotations: { type: string; description?: string }[];
  attach(name: string, options: { body: string; contentType: string }): Promise<void>;
}

/** reaper's own fixtures: never a scope of their own. */
export const OWN_FIXTURES = new Set(['_reaperWorker', '_reaperTest', 'reaperOptions']);

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
 * - each test file (`file` scope): what its `beforeAll`/`afterAll` hooks spawn, checked once the
 *   worker has moved on to another file, or stops;
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
  const files = new Map<string, Scope>();
  const pending: FixtureSpawns[] = [];
  const failures: Error[] = [];
  let test: Scope | undefined;
  /** This Playwright's worker state could not be read: nothing is checked (said once, `skipped`). */
  let lacking = false;

  const fileScope = (path: string) => {
    const file = worker.fileOf(path) ?? path;
    let scope = files.get(file);
    if (!scope) {
      scope = worker.open({ scope: 'file', file, test: null, parent: workerScope, current: false });
      files.set(file, scope);
    }
    return scope;
  };
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
    const home = hook ? fileScope(info.file) : test;
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
  const checkFile = async (file: string) => {
    const scope = files.get(file)!;
    files.delete(file);
    const checked = await worker.check(scope);
    if (checked?.verdict.action === 'fail') failures.push(failureOf(checked));
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
      // A file's afterAll hooks have run once the worker runs a test of another file.
      const file = worker.fileOf(info.file);
      for (const other of [...files.keys()]) if (other !== file) await checkFile(other);
      const title = joinName(info.titlePath.slice(1));
      test = worker.open({
        scope: 'test',
        file,
        test: info.retry > 0 ? `${title} (retry ${info.retry})` : title,
        parent: files.get(file ?? '') ?? workerScope,
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
      if (checked) await report(info, checked);
    },
    async end() {
      if (lacking) return undefined;
      try {
        settle(true);
        for (const file of [...files.keys()]) await checkFile(file);
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

/** A test's leak: an annotation and the result attached (HTML report, trace viewer), then the failure. */
async function report(info: TestInfo, checked: Checked): Promise<void> {
  const { result, verdict } = checked;
  if (result.leaked.length === 0 || verdict.action === 'none') return;
  info.annotations.push({ type: 'reaper', description: verdict.message.split('\n')[0] });
  await info.attach('reaper', {
    body: `${JSON.stringify(result, null, 2)}\n`,
    contentType: 'application/json',
  });
  if (verdict.action === 'fail') throw failureOf(checked);
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
