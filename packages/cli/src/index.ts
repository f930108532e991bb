// @reaper/cli is its binary, `reaper` (docs/cli.md). `main` runs it in-process: for tools that
// embed the command, with their own argv, output and environment.
export type { Io } from './io.js';
export { main } from './main.js';
