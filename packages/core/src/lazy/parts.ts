// The kit's parts that load on first use. In the sources (and the tests that run them) this module
// imports them directly; the build puts each part in a file of its own and swaps this module for
// `parts.build.ts`, which requires that file when first asked (see tsup.config.ts). Every caller
// asks through here, so a process holds one copy of each part, whichever entry asked.
import * as runPart from './run-side.js';
import * as spawnedPart from './spawned.js';

export type SpawnedPart = typeof spawnedPart;
export type RunPart = typeof runPart;

/** A scope in which something spawned: the record, the table, ownership, the ladder, the verdict. */
export const spawned = (): SpawnedPart => spawnedPart;
/** A run's main process: reading results, building and writing the report. */
export const runSide = (): RunPart => runPart;
