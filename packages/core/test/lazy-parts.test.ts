import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const dist = join(import.meta.dirname, '..', 'dist');

/**
 * Runs `body` in a fresh Node process that loaded the built kit (ESM) as `kit`; `parts()` there lists the kit's lazy parts Node has loaded, `guarded()` whether a guard
 * of reaper's listens for SIGTERM. Returns what the body printed, as JSON.
 */
function inFreshProcess(body: string): unknown {
  const script = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const kit = await import(${JSON.stringify(join(dist, 'adapter.js'))});
const parts = () => Object.keys(require.cache).filter((f) => /adapter-(spawned|run)\\.cjs$/.test(f)).map((f) => f.split('/').pop()).sort();
const guarded = () => process.listenerCount('SIGTERM') > 0;
const runner = { id: 'vitest', name: 'Vitest', packageName: 'vitest', adapter: '@reaper/vitest', majors: [4] };
const start = () => kit.startWorker({ runner, options: {}, source: 'test', adapterDirectory: ${JSON.stringify(dist)} });
${body}`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, REAPER_RUNNER_CHECKED: `vitest@${dist}`, REAPER_ROOT: dist },
    timeout: 30_000,
  });
  return JSON.parse(out);
}

it('a test file whose tests spawn nothing loads neither lazy part, and installs no interrupt guard', () => {
  const seen = inFreshProcess(`
const worker = start();
const file = worker.open({ scope: 'file', file: 'a.test.js', test: null });
for (let i = 0; i < 3; i++) await worker.check(worker.open({ scope: 'test', file: 'a.test.js', test: 't' + i }));
await worker.check(file);
const during = { parts: parts(), guarded: guarded() };
worker.stop();
console.log(JSON.stringify(during));`);
  expect(seen).toEqual({ parts: [], guarded: false });
});

it('a worker that shares notices with its siblings (each Vitest fork does) and says none loads no part', () => {
  const seen = inFreshProcess(`
kit.shareNoticesWithSiblings();
const worker = start();
await worker.check(worker.open({ scope: 'test', file: 'a.test.js', test: 't' }));
worker.stop();
console.log(JSON.stringify(parts()));`);
  expect(seen).toEqual([]);
});

it("a scope's first spawn loads the spawned part, and arms the guard until the worker stops", () => {
  const seen = inFreshProcess(`
const { spawn } = await import('node:child_process');
const worker = start();
const scope = worker.open({ scope: 'test', file: 'a.test.js', test: 'spawns' });
const before = { parts: parts(), guarded: guarded() };
const child = spawn('sleep', ['30'], { stdio: 'ignore' });
let during, checked;
try {
  during = { parts: parts(), guarded: guarded() };
  checked = await worker.check(scope);
} finally {
  child.kill('SIGKILL');
}
worker.stop();
console.log(JSON.stringify({ before, during, leaked: checked.result.leaked.map((p) => [p.pid === child.pid, p.outcome]), after: { parts: parts(), guarded: guarded() } }));`);
  expect(seen).toEqual({
    before: { parts: [], guarded: false },
    during: { parts: ['adapter-spawned.cjs'], guarded: true },
    leaked: [[true, 'terminated']],
    after: { parts: ['adapter-spawned.cjs'], guarded: false },
  });
});

it('the run part loads when a run starts, not before', () => {
  const seen = inFreshProcess(`
const before = parts();
const run = kit.startRun({ runner: { id: 'vitest', name: 'Vitest', packageName: 'vitest', adapter: '@reaper/vitest', majors: [4] }, options: { mode: 'off' }, source: 'test', root: ${JSON.stringify(dist)} });
console.log(JSON.stringify({ before, after: parts(), run: typeof run.finish }));`);
  expect(seen).toEqual({ before: [], after: ['adapter-run.cjs'], run: 'function' });
});

it("a part loaded under a test's fake timers keeps the machine's clocks", () => {
  const seen = inFreshProcess(`
const { spawnSync } = await import('node:child_process');
const worker = start();
const scope = worker.open({ scope: 'test', file: 'a.test.js', test: 'fakes time' });
const before = Date.now();
// What vi.useFakeTimers() does to the realm reaper runs in: the part loads after it.
const fake = new Date('2001-02-03T04:05:06Z').getTime();
Date.now = () => fake;
process.hrtime.bigint = () => 0n;
spawnSync('true');
const checked = await worker.check(scope);
worker.stop();
const [spawned] = checked.result.spawned;
console.log(JSON.stringify({ parts: parts(), real: [spawned.startedAt, spawned.endedAt, checked.result.endedAt].every((t) => t >= before) }));`);
  expect(seen).toEqual({ parts: ['adapter-spawned.cjs'], real: true });
});
