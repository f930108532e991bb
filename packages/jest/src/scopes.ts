import type { Scope, Worker } from '@reaper/core/adapter';
import { type CircusBlock, fullName, isRoot } from './circus.js';

/** The scopes of one test file: the file, its describe blocks, the running test. */
export interface FileScopes {
  /** `declaredAt`: a stack taken where the test is declared, where the runner keeps one. */
  openTest(name: string | null, declaredAt?: () => string | undefined): void;
  /** Checks the running test; rejects with the failure Jest shows for it. */
  closeTest(): Promise<void>;
  /** The root block is the file. */
  openBlock(block: CircusBlock): void;
  /** Checks a block (the file for the root block, then reaper stops for this file). */
  closeBlock(block: CircusBlock): Promise<void>;
  /** Whether a test's scope is open (between `openTest` and `closeTest`). */
  readonly testOpen: boolean;
  /**
   * A Jest internal that reaper relies on is missing (`what`): said in one line, the run `skipped`,
   * and every call above does nothing from now on.
   */
  lacks(what: string): void;
}

/** `fileOf` is called once, at the first scope (the framework knows the path by then). */
export function createFileScopes(worker: Worker, fileOf: () => string | null): FileScopes {
  let file: string | null | undefined;
  const theFile = () => {
    if (file === undefined) file = fileOf();
    return file;
  };
  let fileScope: Scope | undefined;
  let testScope: Scope | undefined;
  const suiteScopes = new Map<CircusBlock, Scope>();

  const check = async (scope: Scope | undefined) => {
    if (!scope || scope.closed) return;
    const checked = await worker.check(scope);
    if (!checked) return;
    const { verdict } = checked;
    if (verdict.action !== 'fail') return;
    // Jest prints a failing test's stack: the message then one frame at the spawn site, which it
    // shows as a code frame. For a failing file it prints the message and then the stack: none.
    // The error is made here, in the test file's realm, not in the kit's (see kit.ts).
    const { message, spawnFrame } = verdict;
    const error = new Error(message);
    error.stack = scope.kind === 'test' ? [message, spawnFrame].filter(Boolean).join('\n') : '';
    // Where a block's failure is shown as a test's (jasmine2.ts, circus-hooks.ts), it takes the frame.
    if (scope.kind !== 'test') Object.assign(error, { spawnFrame });
    throw error;
  };

  let lacking = false;
  return {
    get testOpen() {
      return testScope !== undefined;
    },
    lacks(what) {
      if (lacking) return;
      lacking = true;
      testScope = undefined;
      fileScope = undefined;
      suiteScopes.clear();
      worker.lacks(what);
    },
    openTest(name, declaredAt) {
      if (lacking) return;
      testScope = worker.open({ scope: 'test', file: theFile(), test: name, declaredAt });
    },
    closeTest() {
      const scope = testScope;
      testScope = undefined;
      return check(scope);
    },
    openBlock(block) {
      if (lacking) return;
      if (isRoot(block)) fileScope = worker.open({ scope: 'file', file: theFile(), test: null });
      else suiteScopes.set(block, worker.open({ scope: 'suite', file: theFile(), test: fullName(block) }));
    },
    async closeBlock(block) {
      if (!isRoot(block)) {
        const scope = suiteScopes.get(block);
        suiteScopes.delete(block);
        return check(scope);
      }
      if (lacking) return;
      try {
        await check(fileScope);
      } finally {
        worker.stop();
      }
    },
  };
}
