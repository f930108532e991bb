import { processTableChoice } from '../options.js';
import { createLinuxTable } from './linux.js';
import { isPlatformSupported } from './platform.js';
import { createPsTable } from './ps.js';
import type { ProcessTable } from './types.js';

export { isPlatformSupported };

let table: ProcessTable | undefined;

/**
 * The process table of this process, made on first use: `/proc` on Linux, `ps` on every other
 * POSIX system; `REAPER_PROCESS_TABLE=proc|ps` picks one (`ps` works on Linux too).
 */
export function getProcessTable(): ProcessTable {
  if (table) return table;
  if (!isPlatformSupported()) {
    throw new Error(
      `reaper: no process table backend for platform \`${process.platform}\`; Linux, macOS and other POSIX systems with \`ps\` are supported. Set REAPER_MODE=off to run without reaper.`,
    );
  }
  const choice = processTableChoice() ?? (process.platform === 'linux' ? 'proc' : 'ps');
  if (choice === 'proc' && process.platform !== 'linux') {
    throw new Error(
      `reaper: REAPER_PROCESS_TABLE=proc needs Linux's /proc; this is \`${process.platform}\`. Expected \`ps\` or no value.`,
    );
  }
  table = choice === 'proc' ? createLinuxTable() : createPsTable();
  return table;
}
