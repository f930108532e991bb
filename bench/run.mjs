#!/usr/bin/env node
// reaper's benchmarks. Every figure is a ratio against a baseline measured in the same run, on the
// same machine: never an absolute time checked by a test. Not run in CI.
// Prints a table, then, as the very last line, one JSON object with the ratios.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { closeScope, installHook, openScope } from '@reaper/core';
import treeKill from 'tree-kill';
import { fileCost, jestFileCost, vitestWorkerCost } from './file-cost.mjs';
import { benchJest } from './jest.mjs';
import {
  besideOthers,
  countProcesses,
  fill,
  fillTo,
  sleep,
  treeOf,
  unfill,
  untilGone,
} from './processes.mjs';
import { benchVitest, benchVitest5 } from './vitest.mjs';

const fixtures = join(import.meta.dirname, '..', 'packages', 'core', 'test', 'fixtures');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
// Set by this script when it runs itself again with REAPER_PROCESS_TABLE=ps: only the figures that
// depend on the process table (the table is one per process).
const tableOnly = process.env.BENCH_TABLE_ONLY === '1';
const rows = [];
const figures = {};
/** The 1-minute load average: printed beside the figures (the machine may be shared). */
const loadAverage = () => readFileSync('/proc/loadavg', 'latin1').split(' ')[0];
const loadAtStart = loadAverage();

installHook();

// Beside others' processes for the whole run (`BENCH_BESIDE=1000`: the issue's busy machine).
const beside = Number(process.env.BENCH_BESIDE ?? 0);
const endBeside = !tableOnly && beside > 0 ? await besideOthers(beside) : async () => {};
const processesAtStart = countProcesses();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Starts a fixture tree inside a reaper scope; resolves once it printed "ready". */
async function startTree(script, arg, expected) {
  const scope = openScope({ scope: 'test', test: 'bench' });
  const child = spawn(join(fixtures, script), [arg], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  let pids = treeOf(child.pid);
  // Bounded by time, not by tries: on a busy machine the shell may take seconds to fork them all.
  const deadline = performance.now() + 30_000;
  while (pids.length < expected && performance.now() < deadline) {
    await sleep(2);
    pids = treeOf(child.pid);
  }
  if (pids.length < expected) {
    await closeScope(scope, { settleMs: 0, graceMs: 1000, killWaitMs: 1000, allow: [] });
    throw new Error(`${script} ${arg}: ${pids.length} of ${expected} processes`);
  }
  return { scope, child, pids };
}

/**
 * reaper's internal probe (`terminate/send.ts`): called with each signal just before it is sent.
 * Set only around the timed teardown, so the instant of the first signal splits it in two.
 */
const SIGNAL_PROBE = Symbol.for('reaper.bench.signal');

async function teardown(script, arg, expected) {
  const reaper = [];
  const describe = [];
  const afterSignal = [];
  const baseline = [];
  const floor = [];
  for (let i = 0; i < rounds; i++) {
    {
      const { scope, pids } = await startTree(script, arg, expected);
      let firstSignal;
      globalThis[SIGNAL_PROBE] = () => {
        firstSignal ??= performance.now();
      };
      const t0 = performance.now();
      let result;
      try {
        result = await closeScope(scope, { settleMs: 0, graceMs: 1000, killWaitMs: 1000, allow: [] });
      } finally {
        delete globalThis[SIGNAL_PROBE];
      }
      await untilGone(pids);
      const t1 = performance.now();
      reaper.push(t1 - t0);
      if (result.leaked.length !== expected)
        throw new Error(`reaper found ${result.leaked.length} of ${expected}`);
      if (firstSignal === undefined) throw new Error('reaper sent no signal');
      describe.push(firstSignal - t0);
      afterSignal.push(t1 - firstSignal);
    }
    {
      const { scope, child, pids } = await startTree(script, arg, expected);
      const t0 = performance.now();
      await new Promise((resolve, reject) =>
        treeKill(child.pid, 'SIGTERM', (e) => (e ? reject(e) : resolve())),
      );
      await untilGone(pids);
      baseline.push(performance.now() - t0);
      await closeScope(scope, { settleMs: 0, graceMs: 1000, killWaitMs: 1000, allow: [] });
    }
    {
      // The floor: SIGTERM to pids known in advance, no lookup at all; what the kernel itself takes.
      const { scope, pids } = await startTree(script, arg, expected);
      const t0 = performance.now();
      for (const pid of pids) process.kill(pid, 'SIGTERM');
      await untilGone(pids);
      floor.push(performance.now() - t0);
      await closeScope(scope, { settleMs: 0, graceMs: 1000, killWaitMs: 1000, allow: [] });
    }
  }
  return {
    reaper: median(reaper),
    describe: median(describe),
    afterSignal: median(afterSignal),
    baseline: median(baseline),
    floor: median(floor),
  };
}

/** The rows of one teardown: against tree-kill, and against the floor. */
function pushTeardown(key, label, floorLabel, result) {
  figures[`${key}VsTreeKill`] = result.baseline / result.reaper;
  rows.push([
    label,
    result.reaper,
    `tree-kill ${result.baseline.toFixed(1)} ms`,
    figures[`${key}VsTreeKill`],
  ]);
  figures[`${key}VsFloor`] = result.reaper / result.floor;
  rows.push([floorLabel, result.floor, 'floor (reaper / floor)', figures[`${key}VsFloor`]]);
  // The same teardown in two: from the call to the first signal (finding and describing what is
  // left), and from the first signal to the last exit, which the floor measures alone.
  figures[`${key}DescribeMs`] = result.describe;
  rows.push(['  reaper: the call to the first signal', result.describe, '', '']);
  figures[`${key}AfterSignalMs`] = result.afterSignal;
  figures[`${key}AfterSignalVsFloor`] = result.afterSignal / result.floor;
  rows.push([
    '  reaper: the first signal to the last exit',
    result.afterSignal,
    'floor (after-signal / floor)',
    figures[`${key}AfterSignalVsFloor`],
  ]);
}

const wide = await teardown('wide-tree.sh', '50', 51);
if (!tableOnly) {
  pushTeardown('wideTree', 'teardown, 51-process wide tree', '  same tree, bare kill(2) of known pids', wide);
  const deep = await teardown('chain.sh', '10', 10);
  pushTeardown('deepChain', 'teardown, depth-10 chain', '  same chain, bare kill(2) of known pids', deep);
}

/** The cost of checking a scope that spawned and awaited one process (a clean test). */
async function scopeCheckMs(iterations = 300) {
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const scope = openScope({ scope: 'test', test: 'check' });
    const child = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    const t0 = performance.now();
    const result = await closeScope(scope, { settleMs: 100, graceMs: 1000, killWaitMs: 1000, allow: [] });
    times.push(performance.now() - t0);
    if (result.leaked.length !== 0) throw new Error('a clean scope leaked');
  }
  return median(times);
}

// A-B-A: the check at rest, with 1,000 processes, and at rest again; the baseline is the mean of
// the two at rest, so that a drift of the machine during the run falls on both sides.
const checks = {};
const background = [];
try {
  // At rest: at least 80 processes; then 920 more than that (1,000 from 80; on a machine that
  // already runs more, the same 920 on top of what it runs).
  background.push(await fillTo(80));
  const at80 = countProcesses();
  const before = await scopeCheckMs();
  background.push(await fill(Math.max(920, 1000 - countProcesses())));
  const at1000 = countProcesses();
  const large = await scopeCheckMs();
  await unfill(background.pop());
  const after = await scopeCheckMs();
  const small = (before + after) / 2;
  figures.scan1000vs80 = large / small;
  rows.push([`scope check, ${at80} processes on the machine`, small, 'baseline (before and after)', 1]);
  rows.push([
    `scope check, ${at1000} processes on the machine`,
    large,
    `${at80} processes`,
    figures.scan1000vs80,
  ]);
  Object.assign(checks, { small, large, at80, at1000 });
} finally {
  for (const shell of background) await unfill(shell);
}

if (tableOnly) {
  // Hand the raw figures to the run that started this one.
  console.log(JSON.stringify({ wide, checks }));
  process.exit(0);
}

// The same teardown and scope check with the `ps` table (macOS's), in a run of its own.
{
  const run = spawnSync(process.execPath, [import.meta.filename], {
    env: { ...process.env, REAPER_PROCESS_TABLE: 'ps', BENCH_TABLE_ONLY: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 600_000,
  });
  if (run.status !== 0) throw new Error(`the ps run exited with ${run.status ?? run.signal}`);
  const ps = JSON.parse(run.stdout.trim().split('\n').at(-1));
  figures.wideTreePs = ps.wide.baseline / ps.wide.reaper;
  figures.wideTreePsVsProc = ps.wide.reaper / wide.reaper;
  rows.push([
    'teardown, 51-process wide tree, ps table',
    ps.wide.reaper,
    `tree-kill ${ps.wide.baseline.toFixed(1)} ms`,
    figures.wideTreePs,
  ]);
  rows.push([
    '  same, ps table vs /proc',
    ps.wide.reaper,
    `/proc ${wide.reaper.toFixed(1)} ms`,
    figures.wideTreePsVsProc,
  ]);
  figures.scan1000vs80Ps = ps.checks.large / ps.checks.small;
  figures.scopeCheckPsVsProc = ps.checks.small / checks.small;
  rows.push([
    `scope check, ${ps.checks.at80} processes, ps table`,
    ps.checks.small,
    `/proc ${checks.small.toFixed(3)} ms`,
    figures.scopeCheckPsVsProc,
  ]);
  rows.push([
    `scope check, ${ps.checks.at1000} processes, ps table`,
    ps.checks.large,
    `${ps.checks.at80} processes`,
    figures.scan1000vs80Ps,
  ]);
}

// What reaper costs each test file: in a real Vitest worker (a process per file), and in a bare Node
// process beside it; a further file in one of Jest's workers (the kit loads once per worker: that
// first load is `jestWorkerStartMs`).
if (!tableOnly) {
  const pairs = Number(process.env.BENCH_FILE_PAIRS ?? 30);
  const vitest = vitestWorkerCost();
  figures.vitestFileCostMs = vitest.costMs;
  rows.push([
    "a file's worker, Vitest 4 (a process per file): 50 tests, reaper's CPU",
    vitest.costMs,
    `±${vitest.spreadMs.toFixed(2)}`,
    'goal ≤ 5 ms',
  ]);
  const bare = fileCost('esm', pairs);
  figures.vitestBareProcessMs = bare.costMs;
  rows.push([
    '  the same in a bare Node process (ESM)',
    bare.costMs,
    `without reaper ${bare.baselineMs.toFixed(1)} ms ±${bare.spreadMs.toFixed(1)}`,
    '',
  ]);
  const jest = jestFileCost(pairs);
  figures.jestFileCostMs = jest.costMs;
  rows.push([
    'a further file in a Jest worker: 50 tests, extra CPU',
    jest.costMs,
    `±${jest.spreadMs.toFixed(2)}`,
    'goal ≤ 5 ms',
  ]);
  const jestStart = fileCost('cjs', pairs);
  figures.jestWorkerStartMs = jestStart.costMs;
  rows.push([
    "a Jest worker's first file (CommonJS, the kit loaded): extra CPU",
    jestStart.costMs,
    `without reaper ${jestStart.baselineMs.toFixed(1)} ms ±${jestStart.spreadMs.toFixed(1)}`,
    'once per worker',
  ]);
}

// Runner overhead, with and without the adapters (set BENCH_RUNNERS=0 to skip: it takes minutes).
if (process.env.BENCH_RUNNERS !== '0') {
  for (const bench of [benchJest, benchVitest, benchVitest5]) {
    const out = await bench(Number(process.env.BENCH_RUNNER_ROUNDS ?? 12));
    if (!out) continue;
    rows.push(...out.rows);
    Object.assign(figures, out.figures);
    figures.noiseFloor = Math.max(figures.noiseFloor ?? 0, out.noise);
  }
}

await endBeside();

/** Issue 22's goals: the figure each key must be within. */
const GOALS = {
  vitestFileCostMs: 5,
  jestFileCostMs: 5,
  vitestNoSpawnRatio: 1.03,
  vitest5NoSpawnRatio: 1.03,
  jestNoSpawnRatio: 1.02,
  vitestSpawnMsPerTest: 1,
  vitest5SpawnMsPerTest: 1,
  jestSpawnMsPerTest: 1,
  wideTreeDescribeMs: 3,
  wideTreeAfterSignalVsFloor: 1.3,
  scan1000vs80: 1.3,
};

const pad = (s, n) => String(s).padEnd(n);
console.log(
  `load average ${loadAtStart} at the start, ${loadAverage()} at the end, on ${availableParallelism()} CPUs; ${processesAtStart} processes on the machine at the start${beside > 0 ? ` (${beside} of them the bench's, BENCH_BESIDE)` : ''}`,
);
console.log(`${pad('benchmark', 50)}${pad('reaper (median)', 18)}${pad('baseline', 34)}ratio`);
for (const [name, ms, base, ratio] of rows) {
  const shown = typeof ratio === 'number' ? `${ratio.toFixed(3)}×` : ratio;
  console.log(`${pad(name, 50)}${pad(`${ms.toFixed(3)} ms`, 18)}${pad(base, 34)}${shown}`);
}
if (figures.noiseFloor !== undefined) {
  console.log(
    `noise floor: two identical runner projects differ by up to ${(figures.noiseFloor * 100).toFixed(1)} % (A/A); a runner ratio within 1 ± that is noise`,
  );
}
console.log(`${pad('goal', 50)}${pad('this run', 18)}${pad('within', 34)}`);
for (const [key, goal] of Object.entries(GOALS)) {
  const value = figures[key];
  const within = value === undefined ? 'not measured' : value <= goal ? 'yes' : 'no';
  console.log(`${pad(`${key} ≤ ${goal}`, 50)}${pad(value?.toFixed(3) ?? '-', 18)}${within}`);
}
console.log(
  JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Number(v.toFixed(3))]))),
);
