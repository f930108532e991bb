// @reaper/cli: the `reaper` command as functions, for tools that embed it.
export { type FlagSpec, type Parsed, parseArgs } from './args.js';
export { EXIT, type Io, processIo, UsageError } from './io.js';
export { main } from './main.js';
export { FORMATS, type Format, formatText, readReport, render, reportCommand } from './report.js';
export { createFinder, RUN_DIR_VAR, runCommand, runOptions, statusOf } from './run.js';
