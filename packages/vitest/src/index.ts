export { installReaper, type ReaperMeta, type ReaperVitestOptions } from './install.js';
export { default, default as reaper } from './plugin.js';
export { default as ReaperReporter, type ReaperReporterOptions } from './reporter.js';
