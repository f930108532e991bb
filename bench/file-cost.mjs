// What reaper costs a test file where it pays it: each file's fresh worker process (Vitest's
// isolation, one process per file; Jest's workers load the kit once per file's realm). A fresh Node
// process loads and starts reaper the way an adapter's worker does (the kit, `startWorker`, a file
// scope) and runs 50 test scopes that spawn nothing; the same process without reaper runs the same
// loop. Their CPU time (user + system, the whole process) is compared in interleaved pairs; the
// figure is the median difference, in ms. Startup noise is the same in both, and cancels out.
//
// Both arms first load what a runner's worker has loaded before any test file: Node's built-in
// modules the kit uses (a Vitest worker has imported every one of them already, so their ESM
// facades, milliseconds each in a bare process, are not reaper's cost) and the ESM loader itself.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const core = join(import.meta.dirname, 'node_modules', '@reaper', 'core');

/** The runners as their adapters describe them to the kit. */
const VITEST = {
  id: 'vitest',
  name: 'Vitest',
  packageName: 'vitest',
  adapter: '@reaper/vitest',
  majors: [3, 4, 5],
};
const JEST = { id: 'jest', name: 'Jest', packageName: 'jest', adapter: '@reaper/jest', majors: [29, 30] };

/**
 * What an adapter's worker does for one test file of 50 tests that spawn nothing, as source for a
 * child to run where `kit` is the loaded kit: start, a file scope, 50 test scopes checked, stop.
 */
function reaperFile(runner) {
  return `const worker = kit.startWorker({
  runner: ${JSON.stringify(runner)},
  options: {},
  source: 'bench',
  adapterDirectory: ${JSON.stringify(import.meta.dirname)},
});
const file = worker.open({ scope: 'file', file: 'a.test.js', test: null });
for (let i = 0; i < 50; i++) {
  const scope = worker.open({ scope: 'test', file: 'a.test.js', test: 'test ' + i });
  await worker.check(scope);
}
await worker.check(file);
worker.stop();`;
}

/** Built-in modules the kit loads, which a runner's worker has loaded before the first test file. */
const RUNNER_BUILTINS = ['fs', 'path', 'os', 'url', 'module', 'timers', 'vm', 'async_hooks', 'child_process'];

/** The child's script: `format` is how the adapter loads the kit (Vitest: ESM; Jest: CommonJS). */
function script(format, withReaper) {
  const load =
    format === 'esm'
      ? `const kit = await import(${JSON.stringify(join(core, 'dist', 'adapter.js'))});`
      : `const kit = require(${JSON.stringify(join(core, 'dist', 'adapter.cjs'))});`;
  const body = withReaper
    ? `${load}
${reaperFile(VITEST)}`
    : `for (let i = 0; i < 50; i++) await undefined;`;
  const builtins = RUNNER_BUILTINS.map((name) => JSON.stringify(`node:${name}`)).join(', ');
  const preload =
    format === 'esm'
      ? `await import('data:text/javascript,export default 1');\nawait Promise.all([${builtins}].map((name) => import(name)));`
      : `for (const name of [${builtins}]) require(name);`;
  const wrapped =
    format === 'esm' ? `${preload}\n${body}` : `${preload}\n(async () => {\n${body}\n})().then(report);`;
  const report = `function report() { const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000)); }`;
  return format === 'esm' ? `${report}\n${wrapped}\nreport();` : `${report}\n${wrapped}`;
}

function cpuMs(format, withReaper, env) {
  const args = format === 'esm' ? ['--input-type=module', '-e'] : ['-e'];
  const run = spawnSync(process.execPath, [...args, script(format, withReaper)], {
    encoding: 'utf8',
    env,
    timeout: 30_000,
  });
  const ms = Number(run.stdout);
  if (run.status !== 0 || !Number.isFinite(ms)) throw new Error(`file-cost child failed: ${run.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The median extra CPU (ms) of a fresh worker process that runs reaper for one file of 50 tests,
 * over `pairs` interleaved pairs; and the spread of the baseline (its interquartile range), the
 * noise one difference carries.
 */
export function fileCost(format, pairs = 30) {
  // The run's main process checked the runner version already: the workers inherit that.
  const root = import.meta.dirname;
  const env = { ...process.env, REAPER_RUNNER_CHECKED: `vitest@${root}`, REAPER_ROOT: root };
  const differences = [];
  const baselines = [];
  for (let i = 0; i < pairs; i++) {
    const [a, b] = i % 2 === 0 ? [true, false] : [false, true];
    const first = cpuMs(format, a, env);
    const second = cpuMs(format, b, env);
    const withReaper = a ? first : second;
    const without = a ? second : first;
    differences.push(withReaper - without);
    baselines.push(without);
  }
  const sorted = [...baselines].sort((x, y) => x - y);
  const spread = sorted[Math.floor(pairs * 0.75)] - sorted[Math.floor(pairs * 0.25)];
  return { costMs: median(differences), baselineMs: median(baselines), spreadMs: spread };
}

/**
 * Vitest's part where it is paid: inside a real Vitest worker (the workspace's Vitest 4, a fresh
 * process per file), the kit installed in the project's `node_modules` as npm installs it (Vitest
 * loads it natively, not through its transform), loaded, started, a file scope and 50 test scopes
 * that spawn nothing, measured by the test itself (CPU time of its own process): one figure a run,
 * the median of `runs`. What a bare process would also pay (the ESM facades of built-ins Vitest has
 * imported already, Node's first timer) is not counted, because a Vitest worker has paid it.
 */
export function vitestWorkerCost(runs = 9) {
  const root = import.meta.dirname;
  const project = mkdtempSync(join(tmpdir(), 'reaper-bench-vitest-'));
  try {
    const installed = join(project, 'node_modules', '@reaper', 'core');
    mkdirSync(installed, { recursive: true });
    cpSync(join(core, 'dist'), join(installed, 'dist'), { recursive: true });
    cpSync(join(core, 'package.json'), join(installed, 'package.json'));
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(
      join(project, 'cost.test.js'),
      `import { test } from 'vitest';
test('reaper in this worker', async () => {
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t = cpu();
  const kit = await import('@reaper/core/adapter');
${reaperFile(VITEST)}
  console.log('reaper-cost=' + (cpu() - t));
});
`,
    );
    const vitest = join(root, '..', 'node_modules', 'vitest', 'vitest.mjs');
    const env = { ...process.env, REAPER_RUNNER_CHECKED: `vitest@${project}`, REAPER_ROOT: project };
    const costs = [];
    for (let i = 0; i < runs; i++) {
      const run = spawnSync(process.execPath, [vitest, 'run', '--root', project], {
        encoding: 'utf8',
        env,
        timeout: 120_000,
      });
      const found = /reaper-cost=([\d.]+)/.exec(run.stdout);
      if (!found) throw new Error(`vitest file-cost run failed: ${run.stdout}${run.stderr}`);
      costs.push(Number(found[1]));
    }
    const sorted = [...costs].sort((x, y) => x - y);
    const spread = sorted[Math.floor(runs * 0.75)] - sorted[Math.floor(runs * 0.25)];
    return { costMs: median(costs), spreadMs: spread };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/**
 * Jest's part is not a fresh process: a Jest worker runs file after file, and `@reaper/jest` loads
 * the kit once per worker through Node's own loader (the first file pays that load, as Vitest's
 * every file does: `fileCost('cjs')`). What each further file pays is the adapter's setup module,
 * compiled anew in the file's sandbox (a `vm.Script`, as Jest's runtime does), and the worker's
 * start, file scope, 50 test scopes and stop. One process runs `files` such files, each beside the
 * same 50 tests without reaper, interleaved; the figure is the median difference of their CPU time.
 */
export function jestFileCost(files = 30) {
  const root = import.meta.dirname;
  const setup = join(root, '..', 'packages', 'jest', 'dist', 'setup.cjs');
  const child = `
const vm = require('node:vm');
const setupSource = require('node:fs').readFileSync(${JSON.stringify(setup)}, 'utf8');
const kit = require(${JSON.stringify(join(core, 'dist', 'adapter.cjs'))});
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
async function withReaper() {
  new vm.Script(setupSource, { filename: ${JSON.stringify(setup)} });
  ${reaperFile(JEST)}
}
async function without() {
  for (let i = 0; i < 50; i++) await undefined;
}
(async () => {
  // The first file of a worker loads what stays loaded (and warms the code): not a further file.
  await withReaper();
  await without();
  const differences = [];
  for (let i = 0; i < ${files}; i++) {
    let t = cpu();
    if (i % 2 === 0) await withReaper(); else await without();
    const first = cpu() - t;
    t = cpu();
    if (i % 2 === 0) await without(); else await withReaper();
    const second = cpu() - t;
    differences.push(i % 2 === 0 ? first - second : second - first);
  }
  process.stdout.write(JSON.stringify(differences));
})();
`;
  const env = { ...process.env, REAPER_RUNNER_CHECKED: `jest@${root}`, REAPER_ROOT: root };
  const run = spawnSync(process.execPath, ['-e', child], { encoding: 'utf8', env, timeout: 60_000 });
  if (run.status !== 0) throw new Error(`jest file-cost child failed: ${run.stderr}`);
  const differences = JSON.parse(run.stdout);
  const sorted = [...differences].sort((x, y) => x - y);
  const spread = sorted[Math.floor(files * 0.75)] - sorted[Math.floor(files * 0.25)];
  return { costMs: median(differences), spreadMs: spread };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 30);
  console.log('vitest (in a real worker)', vitestWorkerCost());
  console.log('vitest (esm, a bare fresh process per file)', fileCost('esm', n));
  console.log('jest (a further file in a worker)', jestFileCost(n));
  console.log('jest (the first file of a worker: cjs, a fresh process)', fileCost('cjs', n));
}
