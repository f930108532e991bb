// `require: ['@reaper/ava']` in the AVA config (or `['@reaper/ava', { graceMs: 500 }]` with options):
// AVA calls the default export in each test worker, before the test file loads.
import { installReaper } from './install.js';

export { installReaper, type ReaperAvaOptions } from './install.js';
export default installReaper;
