import type { ReaperOptions } from '@reaper/core';
import { refuseAtLoad } from '@reaper/core/adapter';
import { createRootHooks, type MochaRootHooks } from './hooks.js';
import { createMainRun } from './run.js';
import { MOCHA } from './support.js';

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
  // A Mocha older than root-hook plugins never calls what this returns: a Mocha reaper refuses is
  // said, and its `skipped` report written, from here (the module's load).
  if (refuseAtLoad({ runner: MOCHA, options, source: '@reaper/mocha', root: process.cwd() })) {
    return inertPlugin();
  }
  const main = createMainRun(options);
  return {
    mochaHooks: createRootHooks(options, main),
    mochaGlobalSetup(this: unknown) {
      main.start(this);
    },
    mochaGlobalTeardown: () => main.end(),
  };
}

/** What a refused Mocha gets: hooks and fixtures that do nothing. */
function inertPlugin(): ReaperMochaPlugin {
  const nothing = () => {};
  return {
    mochaHooks: { beforeAll: nothing, beforeEach: nothing, afterEach: nothing, afterAll: nothing },
    mochaGlobalSetup: nothing,
    mochaGlobalTeardown: nothing,
  };
}
