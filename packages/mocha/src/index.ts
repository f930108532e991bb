// `--require @reaper/mocha` (or `require: ['@reaper/mocha']` in .mocharc): a root-hook plugin with
// global fixtures. Options come from the environment (REAPER_MODE, REAPER_REPORT, …); set them in
// code with `createReaperPlugin(options)`.
import { createReaperPlugin } from './plugin.js';

export type { MochaRootHooks } from './hooks.js';
export { createReaperPlugin, type ReaperMochaOptions, type ReaperMochaPlugin } from './plugin.js';

const plugin = createReaperPlugin();

export const mochaHooks = plugin.mochaHooks;
export const mochaGlobalSetup = plugin.mochaGlobalSetup;
export const mochaGlobalTeardown = plugin.mochaGlobalTeardown;
