// `@reaper/node-test/install`: `installReaper(options)` for a preload module of your own
// (`node --test --import ./reaper.mjs`), where options are set in code.
export { installReaper, type ReaperNodeTestOptions } from './install.js';
