import { openSync, readSync } from 'node:fs';
import { getRealm } from '../realm.js';
import { thisThread } from '../thread.js';
import { readProcFile } from './proc-file.js';

const buffer = Buffer.allocUnsafe(4096);

/**
 * Reads a one-record file of `/proc` (`/proc/loadavg`, `/proc/uptime`) through a descriptor the
 * realm keeps open: one `pread` at offset 0, which makes the kernel write the record afresh, where
 * `readProcFile` costs an open, two reads and a close. A spawning test reads these three times
 * (its first spawn's mark, and the look at its close), and on a VM each syscall costs 10–15 µs.
 *
 * Only under `/proc` (a fake procfs in tests is read fresh), and in a main thread. The text must
 * match `shape`; when it does not, or the read fails (the descriptor was closed behind reaper's
 * back and its number may be another file's), the descriptor is given up and the file read the
 * usual way. Descriptors are opened close-on-exec: no child inherits one.
 */
export function readKeptProcFile(path: string, shape: RegExp): string | undefined {
  // A worker thread's descriptors are the process's: Node closes them when the thread ends only if
  // its Worker tracks them (`trackUnmanagedFds`, the default). A pool that starts a thread per test
  // file without it would pile them up: only a process's main thread keeps any.
  if (!path.startsWith('/proc/') || !thisThread().isMainThread) return readProcFile(path);
  const kept = getRealm().keptFiles;
  let fd = kept.get(path);
  if (fd === undefined) {
    try {
      fd = openSync(path, 'r');
    } catch {
      return undefined;
    }
    kept.set(path, fd);
  }
  try {
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.toString('latin1', 0, n);
    if (n < buffer.length && shape.test(text)) return text;
  } catch {
    // Below: the usual read.
  }
  kept.delete(path);
  return readProcFile(path);
}
