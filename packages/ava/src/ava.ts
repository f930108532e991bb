/**
 * What reaper reads of AVA's test worker (the same in AVA 6 and 7): the test chain it hands a test
 * file (`lib/worker/state.cjs`'s `refs.runnerChain`), whether a file loaded `ava` already
 * (`flags.loadedMain`), and the worker's options (`lib/worker/options.cjs`: the test file, the
 * project directory). AVA is never imported: the running copy's own modules are found from its
 * worker's frames on the stack (`lib/worker/base.js` calls what `require` lists).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `test`, `test.serial`, `test.afterEach.always`, …: each declares a test or a hook. */
export interface Chain {
  (...args: unknown[]): void;
  [key: string]: unknown;
}

/** What a test or hook implementation receives (the parts reaper uses). */
export interface ExecutionContext {
  readonly title: string;
  teardown: (callback: () => unknown) => void;
  fail(message: string): void;
}

export type Implementation = (t: ExecutionContext, ...args: unknown[]) => unknown;

/** The two declarations of reaper's own: checks that run after every hook of the file's. */
export interface SerialAfterHooks {
  serial: {
    afterEach: { always: (implementation: Implementation) => void };
    after: { always: (implementation: Implementation) => void };
  };
}

/** A macro (`test.macro()`), or what AVA takes for one: an implementation and its title. */
export interface Macro {
  exec: Implementation;
  title?: (raw: string | undefined, ...args: unknown[]) => string;
}

export interface AvaWorker {
  refs: { runnerChain: Chain | null };
  flags: { loadedMain: boolean };
  /** The test file this worker runs (absolute). */
  file: string | undefined;
  /** The project directory AVA chose (where its package.json is). */
  projectDir: string | undefined;
}

/** AVA's worker internals, or what is missing of them (for the one line that says so). */
export function findAvaWorker(stack: string | undefined, root: string): AvaWorker | string {
  const lib = libFromStack(stack) ?? libFromProject(root);
  if (!lib) return "its worker's modules (`lib/worker/base.js`)";
  let state: Partial<AvaWorker>;
  let options: { file?: string; projectDir?: string } = {};
  try {
    const require = createRequire(join(lib, 'worker', 'base.js'));
    state = require('./state.cjs') as Partial<AvaWorker>;
    options = (require('./options.cjs') as { get(): typeof options }).get();
  } catch {
    return "its worker's state and options (`lib/worker/state.cjs`, `options.cjs`)";
  }
  if (typeof state.refs?.runnerChain !== 'function' || typeof state.flags !== 'object') {
    return 'the test chain it gives a test file (`refs.runnerChain` in `lib/worker/state.cjs`)';
  }
  return { refs: state.refs, flags: state.flags, file: options.file, projectDir: options.projectDir };
}

/** AVA's `lib/` directory, from the frame of `lib/worker/base.js` that called `require`'s modules. */
function libFromStack(stack: string | undefined): string | undefined {
  const frame = stack?.match(/(file:\/\/\S+?|\/\S+?)\/lib\/worker\/base\.js:\d+/);
  if (!frame?.[1]) return undefined;
  const dir = frame[1].startsWith('file://') ? fileURLToPath(frame[1]) : frame[1];
  return join(dir, 'lib');
}

/** The project's AVA, where no frame of AVA's is on the stack (a `require` module of the user's that calls ours). */
function libFromProject(root: string): string | undefined {
  try {
    const entry = createRequire(join(root, 'noop.js')).resolve('ava');
    return join(dirname(dirname(entry)), 'lib');
  } catch {
    return undefined;
  }
}
