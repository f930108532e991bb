import { dirname } from 'node:path';
import { parseFrame } from '@reaper/core';

/** The directory of this package's code (its dist/ or src/): frames there are never a spawn site. */
export function ownDirectory(): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder);
  for (const line of (holder.stack ?? '').split('\n')) {
    const location = parseFrame(line);
    if (location) return dirname(location.file);
  }
  return process.cwd();
}
