export { installReaper, type ReaperJestOptions } from './install.js';
export { default as ReaperReporter, type ReaperReporterOptions } from './reporter.js';
