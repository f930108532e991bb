import { createLinuxTable } from './linux.js';
import type { ProcessTable } from './types.js';

let table: ProcessTable | undefined;

/** The process table of this platform. Only Linux has a backend today. */
export function getProcessTable(): ProcessTable {
  if (table) return table;
  if (process.platform !== 'linux') {
    throw new Error(
      `reaper: no process table backend for platform \`${process.platform}\` yet; Linux is supported. Set REAPER_MODE=off to run without reaper.`,
    );
  }
  table = createLinuxTable();
  return table;
}

export function isPlatformSupported(): boolean {
  return process.platform === 'linux';
}
