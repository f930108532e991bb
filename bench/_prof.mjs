// Breaks closeScope on the wide tree into phases by wrapping table methods.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { closeScope, installHook, openScope } from '@reaper/core';
const fixtures = '/work/main/packages/core/test/fixtures';
installHook();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const alive = (pid) => { try { const s = readFileSync(`/proc/${pid}/stat`, 'latin1'); return s[s.lastIndexOf(')') + 2] !== 'Z'; } catch { return false; } };
const script = process.argv[2] ?? 'wide-tree.sh', arg = process.argv[3] ?? '50';
const rounds = 15; const res = [];
for (let i = 0; i < rounds; i++) {
  const scope = openScope({ scope: 'test', test: 'bench' });
  const child = spawn(`${fixtures}/${script}`, [arg], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((r) => child.stdout.once('data', r));
  await sleep(100);
  const t0 = performance.now();
  const result = await closeScope(scope, { settleMs: 0, graceMs: 1000, killWaitMs: 1000, allow: [] });
  const t1 = performance.now();
  res.push({ total: t1 - t0, n: result.leaked.length, maxEl: Math.max(...result.leaked.map(l=>l.elapsedMs)) });
}
res.sort((a, b) => a.total - b.total);
console.log(res.map((r) => `${r.total.toFixed(1)}(${r.n},${r.maxEl})`).join(' '));
