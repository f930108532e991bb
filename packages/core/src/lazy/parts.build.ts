// `parts.ts` as built: each part is a CommonJS file beside this one, required on first use (a
// synchronous load, so every caller stays as it is). CommonJS because Node caches it once per
// process for the ESM and the CommonJS kit alike, and because one more ES module to link costs a
// test file's worker more than the bytes it would save.
import { localRequire as load } from '../local-require.js';
import type { RunPart, SpawnedPart } from './parts.js';

let spawnedPart: SpawnedPart | undefined;
let runPart: RunPart | undefined;

export const spawned = (): SpawnedPart => {
  spawnedPart ??= load('./adapter-spawned.cjs') as SpawnedPart;
  return spawnedPart;
};
export const runSide = (): RunPart => {
  runPart ??= load('./adapter-run.cjs') as RunPart;
  return runPart;
};
