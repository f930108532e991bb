import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { closeScope, installHook, openScope } from '@reaper/core';
const fixtures = '/work/main/packages/core/test/fixtures';
installHook();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const origKill = process.kill;
let firstSignal = 0;
process.kill = function (pid, sig) { if (!firstSignal && sig === 'SIGTERM') firstSignal = performance.now(); return origKill.call(process, pid, sig); };
for (let i = 0; i < 8; i++) {
  const scope = openScope({ scope: 'test', test: 'bench' });
  const child = spawn(`${fixtures}/wide-tree.sh`, ['50'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((r) => child.stdout.once('data', r));
  await sleep(100);
  firstSignal = 0;
  const t0 = performance.now();
  const result = await closeScope(scope, { settleMs: 0, graceMs: 1000, killWaitMs: 1000, allow: [] });
  const t1 = performance.now();
  const els = result.leaked.map((l) => l.elapsedMs).sort((a, b) => a - b);
  console.log(`total ${(t1 - t0).toFixed(1)} firstSig ${firstSignal ? (firstSignal - t0).toFixed(1) : '-'} elapsed min ${els[0]} med ${els[25]} max ${els.at(-1)} outcomes ${[...new Set(result.leaked.map((l) => l.outcome))]}`);
}
