import { dirname } from 'node:path';
import { callerFile } from '@reaper/core';

/** The directory of this package's code (its dist/ or src/): frames there are never a spawn site. */
export function ownDirectory(): string {
  const file = callerFile(0);
  return file ? dirname(file) : process.cwd();
}
