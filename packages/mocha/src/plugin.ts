import type { ReaperOptions } from '@reaper/core';
import { createRootHooks, type MochaRootHooks } from './hooks.js';
import { createMainRun } from './run.js';

export type ReaperMochaOptions = ReaperOptions;

/** A Mocha root-hook plugin: what a file given to `--require` exports. */
export interface ReaperMochaPlugin {
  mochaHooks: MochaRootHooks;
  mochaGlobalSetup: (this: unknown) => void;
  mochaGlobalTeardown: () => void;
}

/**
 * reaper as a Mocha plugin with options set in code (a RegExp or a function in `allow`): export
 * what it returns from a file of your own and `--require` that file instead of `@reaper/mocha`.
 */
export function createReaperPlugin(options: ReaperMochaOptions = {}): ReaperMochaPlugin {
  const main = createMainRun(options);
  return {
    mochaHooks: createRootHooks(options, main),
    mochaGlobalSetup(this: unknown) {
      main.start(this);
    },
    mochaGlobalTeardown: () => main.end(),
  };
}
