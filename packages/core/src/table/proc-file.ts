import { closeSync, openSync, readSync } from 'node:fs';

let buffer = Buffer.allocUnsafe(16 * 1024);

/**
 * Reads a small `/proc` file with one open, as few reads as it takes, and one close: three to four
 * times cheaper than `readFileSync`, which stats first (procfs sizes are 0) and grows its buffer.
 * Returns undefined when the file cannot be read (the process is gone, or not ours to read).
 *
 * `record`: the file is one record the kernel writes whole at the first read (`/proc/<pid>/stat`,
 * `cmdline`): a read shorter than asked for is all of it, and the read that would return 0 is not
 * made (the look and a teardown read one per process; a syscall costs 5–15 µs on a VM).
 */
export function readProcFile(path: string, record = false): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const asked = buffer.length - length;
      const n = readSync(fd, buffer, length, asked, null);
      if (n <= 0) break;
      length += n;
      if (record && n < asked) break;
    }
    return buffer.toString('latin1', 0, length);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
