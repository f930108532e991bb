import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProcFile } from '../../src/table/proc-file.js';

describe('readProcFile', () => {
  it.runIf(process.platform === 'linux')(
    'reads a process’s stat whole as one record, as a full read does',
    () => {
      const record = readProcFile('/proc/self/stat', true)!;
      const full = readFileSync('/proc/self/stat', 'latin1');
      // The fields that hold still between two reads: the name (it may hold spaces), ppid,
      // process group, session and start time (field 22); and as many fields in all.
      const fields = (text: string) =>
        text
          .slice(text.lastIndexOf(')') + 2)
          .trimEnd()
          .split(' ');
      const still = (text: string) => [
        text.slice(0, text.lastIndexOf(')') + 1),
        ...[1, 2, 3, 19].map((i) => fields(text)[i]),
      ];
      expect(still(record)).toEqual(still(full));
      expect(fields(record)).toHaveLength(fields(full).length);
      expect(record.endsWith('\n')).toBe(true);
    },
  );

  it.runIf(process.platform === 'linux')(
    'reads a command line longer than its buffer whole (two pages and more)',
    async () => {
      const long = 'x'.repeat(40_000);
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', long], { stdio: 'ignore' });
      try {
        // Until the child has exec'd (before, its command line is this process's).
        const deadline = performance.now() + 10_000;
        let text = '';
        while (!text.includes(long) && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          text = readProcFile(`/proc/${child.pid}/cmdline`, true) ?? '';
        }
        expect(text.split('\0')).toEqual([process.execPath, '-e', 'setInterval(() => {}, 1000)', long, '']);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );

  it('reads on past its buffer: a record longer than the first read is not cut', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reaper-proc-file-'));
    try {
      const path = join(dir, 'long');
      const text = `${'x'.repeat(40_000)}\nend\n`;
      writeFileSync(path, text);
      expect(readProcFile(path, true)).toBe(text);
      expect(readProcFile(path)).toBe(text);
      expect(readProcFile(join(dir, 'gone'), true)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
