#!/usr/bin/env node
// The reaper demo: one "test" that leaks processes in each common way. @reaper/core finds them,
// ends them with the SIGTERM → grace → SIGKILL ladder, and prints its report. The demo then checks
// by itself that every reported process is gone, and exits 0 only when so.
import { execSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  buildReport,
  closeScope,
  formatResult,
  installHook,
  openScope,
  resolveOptions,
  uninstallHook,
  writeHtmlReport,
  writeReport,
} from '@reaper/core';

const options = resolveOptions({ graceMs: 500 });
installHook();
const startedAt = Date.now();

const scope = openScope({ scope: 'test', file: 'demo.mjs', test: 'a test that leaks in every way' });
const ready = (child) => new Promise((resolve) => child.stdout.once('data', resolve));

// 1. A direct child nobody stops.
spawn('sleep', ['300']);
// 2. A shell that backgrounds a job and exits: the job is orphaned to PID 1.
spawn('sh', ['-c', 'sleep 301 >/dev/null 2>&1 &']);
// 3. The same through execSync.
execSync('sleep 302 >/dev/null 2>&1 &');
// 4. A detached, unref'd helper.
spawn('sleep', ['303'], { detached: true, stdio: 'ignore' }).unref();
// 5. An escape into a new session.
spawn('setsid', ['--fork', 'sleep', '304'], { stdio: 'ignore' });
// 6. A zombie: its parent never reaps it.
spawn('sh', ['-c', 'sleep 0 & exec sleep 305']);
// 7. A tree that ignores SIGTERM: only SIGKILL ends it.
await ready(spawn('sh', ['-c', "trap '' TERM; sleep 306 & sleep 307 & echo ready; wait"]));
// 8. A stopped process: SIGCONT after SIGTERM lets it act on the signal.
process.kill(spawn('sleep', ['308']).pid, 'SIGSTOP');
// 9. Not a leak: killed without awaiting its exit. reaper lets it settle.
spawn('sleep', ['309']).kill();

await new Promise((resolve) => setTimeout(resolve, 200));
const result = await closeScope(scope, options);
uninstallHook();

console.log(formatResult(result));
console.log();
// The same result as a report, and as the HTML picture of the run (open it in a browser).
const report = buildReport('cli', [result], { startedAt, endedAt: Date.now() });
const here = new URL('.', import.meta.url).pathname;
console.log(`report: ${writeReport('reaper-report.json', report, here)}`);
console.log(`html:   ${writeHtmlReport('reaper-report.html', report, here)}`);
console.log();

// Alive: its /proc entry is there and it is not a zombie (state Z) waiting for its parent.
const alive = (pid) => {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {}
  return status !== '' && !/^State:\s+Z/m.test(status);
};
const survivors = result.leaked.filter((p) => alive(p.pid));
const kinds = new Set(result.leaked.map((p) => p.kind));
if (survivors.length > 0) {
  console.error(`demo: FAILED, still alive: ${survivors.map((p) => `${p.pid} ${p.command}`).join(', ')}`);
  for (const p of survivors) process.kill(p.pid, 'SIGKILL');
  process.exit(1);
}
if (!['child', 'descendant', 'orphan', 'zombie'].every((k) => kinds.has(k))) {
  console.error(`demo: FAILED, expected every kind of leak, saw: ${[...kinds].join(', ')}`);
  process.exit(1);
}
console.log(`demo: ok, ${result.leaked.length} leaked processes found and every one of them is gone.`);
