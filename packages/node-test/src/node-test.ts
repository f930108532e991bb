import { createRequire } from 'node:module';

/** What reaper uses of a test's or a suite's context (`fullName`: Node 20.16 and 22.3 on). */
export interface ContextLike {
  name: string;
  fullName?: string;
  after?(fn: () => unknown, options?: HookOptions): void;
}

export interface HookOptions {
  timeout?: number;
}

type Hook = (fn: (context: ContextLike) => unknown, options?: HookOptions) => void;

/** `describe`/`suite` and their `.only`, `.skip`, `.todo`. */
export type SuiteFunction = ((...args: unknown[]) => unknown) & {
  only?: SuiteFunction;
  skip?: SuiteFunction;
  todo?: SuiteFunction;
};

/** The `node:test` module as CommonJS sees it: the `test` function, whose properties are the exports. */
export interface NodeTestModule {
  before: Hook;
  after: Hook;
  beforeEach: Hook;
  describe: SuiteFunction;
  suite?: SuiteFunction;
}

/** `node:test`'s CommonJS exports: the object whose changes `syncBuiltinESMExports` passes on to ESM. */
export function loadNodeTest(): NodeTestModule {
  return createRequire(import.meta.url)('node:test') as NodeTestModule;
}

/** `outer > inner > name`, as node:test's `fullName` gives it; the bare name where Node has no fullName. */
export function nameOf(context: ContextLike): string {
  return context.fullName ?? context.name;
}
