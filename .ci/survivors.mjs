#!/usr/bin/env node
// Lists (and then SIGKILLs, by PID) every live process whose environment carries the marker given
// as argv[2]; exits 1 when any is found. Run it without the marker in its own environment.
import { readdirSync, readFileSync } from 'node:fs';

const marker = `REAPER_CI_MARK=${process.argv[2]}`;
const find = () =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        if (stat[stat.lastIndexOf(')') + 2] === 'Z') return []; // dead already; PID 1 reaps it
        if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)) return [];
        return [
          { pid: Number(pid), cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ') },
        ];
      } catch {
        return [];
      }
    });

// Processes already exiting get a moment: this checks for leaks, not for timing.
let left = find();
for (let i = 0; i < 10 && left.length > 0; i++) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  left = find();
}
if (left.length === 0) process.exit(0);
console.error('::error::processes started by the test suite are still alive:');
for (const { pid, cmd } of left) {
  console.error(`  ${pid} ${cmd.slice(0, 160)}`);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}
process.exit(1);
