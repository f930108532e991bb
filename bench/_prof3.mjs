import { spawn } from 'node:child_process';
import { closeScope, installHook, openScope } from '@reaper/core';
installHook();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (let i = 0; i < 6; i++) {
  const scope = openScope({ scope: 'test', test: 'bench' });
  const child = spawn(`/work/main/packages/core/test/fixtures/wide-tree.sh`, ['50'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((r) => child.stdout.once('data', r));
  await sleep(100);
  globalThis.__t = [];
  const t0 = performance.now();
  await closeScope(scope, { settleMs: 0, graceMs: 1000, killWaitMs: 1000, allow: [] });
  const t1 = performance.now();
  const agg = new Map();
  let prev = t0; const seq = [];
  for (const [k, t] of globalThis.__t) { if (k === 'inspect0' || k === 'inspect1') { agg.set(k, (agg.get(k) ?? 0) + 1); if (k==='inspect1') {} } }
  const ins = globalThis.__t.filter(([k]) => k.startsWith('inspect'));
  let inspectSum = 0; for (let j = 0; j < ins.length; j += 2) inspectSum += ins[j + 1][1] - ins[j][1];
  console.log(`total ${(t1 - t0).toFixed(1)} |`, globalThis.__t.filter(([k]) => !k.startsWith('inspect') && k!=='pidfd').map(([k, t]) => `${k}@${(t - t0).toFixed(1)}`).join(' '), `| inspect x${ins.length / 2} sum ${inspectSum.toFixed(1)} first@${(ins[0][1]-t0).toFixed(1)} last@${(ins.at(-1)[1]-t0).toFixed(1)}`);
}
