import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { closeScope, installHook, openScope } from '@reaper/core';
installHook();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function scopeCheckMs(iterations = 300) {
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const scope = openScope({ scope: 'test', test: 'check' });
    const child = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    const t0 = performance.now();
    await closeScope(scope, { settleMs: 100, graceMs: 1000, killWaitMs: 1000, allow: [] });
    times.push(performance.now() - t0);
  }
  return median(times);
}
const count = () => readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
const bg = [];
const fill = async (target) => { while (count() < target) { for (let i = 0; i < 50; i++) bg.push(spawn('sleep', ['600'], { stdio: 'ignore' })); await sleep(20); } };
try {
  await fill(80); const a = await scopeCheckMs(); await fill(1000); const b = await scopeCheckMs();
  console.log(a.toFixed(3), b.toFixed(3), (b / a).toFixed(2));
} finally { for (const c of bg) c.kill('SIGKILL'); }
