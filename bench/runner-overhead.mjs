// Runner overhead: N tests that spawn nothing and M tests that each spawn and await one short
// process, run by a real test runner with and without reaper, in the same run, alternating.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const packages = join(import.meta.dirname, '..', 'packages');

/**
 * Writes `files` into a fresh project with @reaper/* installed the way npm installs a tarball (a
 * copy of package.json and dist/ under node_modules), so that runners treat them as dependencies
 * (Jest does not transform node_modules).
 */
export function makeProject(files) {
  const dir = mkdtempSync(join(tmpdir(), 'reaper-bench-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  mkdirSync(join(dir, 'node_modules', '@reaper'), { recursive: true });
  for (const name of ['core', 'jest', 'vitest']) {
    const target = join(dir, 'node_modules', '@reaper', name);
    mkdirSync(target, { recursive: true });
    cpSync(join(packages, name, 'package.json'), join(target, 'package.json'));
    cpSync(join(packages, name, 'dist'), join(target, 'dist'), { recursive: true });
  }
  return dir;
}

export function removeProject(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/** Clock ticks per second of /proc's times (`getconf CLK_TCK`; 100 on every Linux Node runs on). */
const TICKS_PER_S = 100;

/**
 * CPU time (user + system, ms) of every child this process has waited for: fields 16 and 17 of
 * /proc/self/stat (cutime, cstime). A runner's workers are waited for by the runner, and the runner
 * by us, so the difference around one run is the CPU time of the runner and all its workers.
 * (`process.resourceUsage()` is getrusage(RUSAGE_SELF): it does not count children.)
 */
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): cutime is field 16, cstime field 17.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_S;
}

/**
 * Wall and CPU time (ms) of one run of `args` (the runner's entry and its arguments) by `node` (this
 * Node by default) in `cwd`; throws when it fails.
 */
export async function timeRun(args, cwd, env = {}, node = process.execPath) {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const child = spawn(node, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise((resolve) => child.once('close', resolve));
  const wallMs = performance.now() - t0;
  if (code !== 0) throw new Error(`${args.join(' ')} failed (${code}):\n${stderr.slice(-2000)}`);
  return { wallMs, cpuMs: childrenCpuMs() - cpu0 };
}

const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
};

/** Median and interquartile range of a list of per-round ratios. */
export function summarizeRatios(ratios) {
  return { median: quantile(ratios, 0.5), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75) };
}

/** Every order of `names` (3 names: 6 orders). */
function ordersOf(names) {
  if (names.length <= 1) return [names];
  return names.flatMap((name, i) =>
    ordersOf([...names.slice(0, i), ...names.slice(i + 1)]).map((rest) => [name, ...rest]),
  );
}

/**
 * Runs the configurations of `runs` (name → function returning `{ wallMs, cpuMs }`) in interleaved
 * rounds after one warm-up each: every round runs each configuration once, each round in the next
 * of all possible orders (R A A′, R A′ A, A R A′, …), so that a drift of the machine's load, and
 * any effect of running first or right after another, falls on all of them alike. Returns each
 * configuration's list of times, round by round.
 */
export async function interleave(runs, rounds) {
  const names = Object.keys(runs);
  const orders = ordersOf(names);
  for (const name of names) await runs[name]();
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of orders[round % orders.length]) times[name].push(await runs[name]());
  }
  return times;
}

/** Per-round ratios `a / b` of one measure (`wallMs` or `cpuMs`). */
export function ratiosOf(a, b, measure) {
  return a.map((run, i) => run[measure] / b[i][measure]);
}

export function testBodies(kind, count, api) {
  const lines = [api.header];
  for (let i = 0; i < count; i++) {
    if (kind === 'nospawn') lines.push(`test('t${i}', () => { expect(${i} + 1).toBe(${i + 1}); });`);
    else
      lines.push(
        `test('t${i}', async () => { const c = spawn('true'); await new Promise((r) => c.once('exit', r)); });`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One runner's overhead: `total` tests of each kind (spawning nothing; spawning and awaiting one
 * short process) in three projects with identical test files: one with reaper, and two without
 * (A and A'). The three run interleaved; A'/A is the noise floor of the run (two identical
 * configurations: any ratio inside its spread is noise). `project(kind, total, withReaper)` makes
 * a project directory; `command` is the runner's argv after node; `node`, the Node that runs it.
 */
export async function benchRunner({ name, prefix, rounds, project, command, env = {}, node }) {
  const out = {};
  const totals = { nospawn: 400, spawn: 200 };
  for (const [kind, total] of Object.entries(totals)) {
    const dirs = {
      reaper: project(kind, total, true),
      a: project(kind, total, false),
      a2: project(kind, total, false),
    };
    try {
      const runs = Object.fromEntries(
        Object.entries(dirs).map(([config, dir]) => [config, () => timeRun(command, dir, env, node)]),
      );
      out[kind] = await interleave(runs, rounds);
    } finally {
      for (const dir of Object.values(dirs)) removeProject(dir);
    }
  }
  const ratio = (kind, config, measure) => summarizeRatios(ratiosOf(out[kind][config], out[kind].a, measure));
  /** Per-round (reaper − A) / tests, in ms: what one test costs more with reaper. */
  const perTest = (kind, measure) =>
    summarizeRatios(
      out[kind].reaper.map((run, i) => (run[measure] - out[kind].a[i][measure]) / totals[kind]),
    );
  const medianOf = (kind, config, measure) =>
    quantile(
      out[kind][config].map((run) => run[measure]),
      0.5,
    );
  const spread = (s, digits = 3) => `${s.q1.toFixed(digits)}–${s.q3.toFixed(digits)}`;
  const rows = [];
  const figures = {};
  const noise = [];
  for (const [kind, label] of [
    ['nospawn', 'tests that spawn nothing'],
    ['spawn', 'tests that spawn one process'],
  ]) {
    for (const measure of ['cpuMs', 'wallMs']) {
      const unit = measure === 'cpuMs' ? 'CPU' : 'wall';
      const r = ratio(kind, 'reaper', measure);
      const aa = ratio(kind, 'a2', measure);
      // The noise floor: how far two identical configurations are apart (CPU time, the figure the
      // ratios are read in), or half their spread when that is wider.
      if (measure === 'cpuMs') noise.push(Math.max(Math.abs(aa.median - 1), (aa.q3 - aa.q1) / 2));
      rows.push([
        `${name}, ${totals[kind]} ${label}, ${unit}`,
        medianOf(kind, 'reaper', measure),
        `A ${medianOf(kind, 'a', measure).toFixed(0)} ms, IQR ${spread(r)}`,
        r.median,
      ]);
      rows.push([
        `  A/A noise floor (two without), ${unit}`,
        medianOf(kind, 'a2', measure),
        `A ${medianOf(kind, 'a', measure).toFixed(0)} ms, IQR ${spread(aa)}`,
        aa.median,
      ]);
      const suffix = measure === 'cpuMs' ? '' : 'Wall';
      if (kind === 'nospawn') figures[`${prefix}NoSpawnRatio${suffix}`] = r.median;
      else {
        const cost = perTest(kind, measure);
        rows.push([
          `  per test (reaper − A) / ${totals[kind]}, ${unit}`,
          cost.median,
          `IQR ${spread(cost, 2)} ms`,
          `${cost.median.toFixed(2)} ms`,
        ]);
        figures[`${prefix}SpawnMsPerTest${measure === 'cpuMs' ? 'Cpu' : ''}`] = cost.median;
      }
      figures[`${prefix}${kind === 'nospawn' ? 'NoSpawn' : 'Spawn'}AA${suffix}`] = aa.median;
    }
  }
  return { rows, figures, noise: Math.max(...noise) };
}
