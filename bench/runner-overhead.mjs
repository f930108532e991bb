// Runner overhead: N tests that spawn nothing and M tests that each spawn and await one short
// process, run by a real test runner with and without reaper, in the same run, alternating.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const packages = join(import.meta.dirname, '..', 'packages');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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

/** Wall time of one run of `args` (node + runner entry) in `cwd`; throws when it fails. */
export async function timeRun(args, cwd, env = {}) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`${args.join(' ')} failed (${code}):\n${stderr.slice(-2000)}`);
  return performance.now() - t0;
}

/** Median wall times of `with` and `without` over `rounds`, alternating, after one warm-up each. */
export async function compare(runWith, runWithout, rounds) {
  await runWith();
  await runWithout();
  const a = [];
  const b = [];
  for (let i = 0; i < rounds; i++) {
    b.push(await runWithout());
    a.push(await runWith());
  }
  return { with: median(a), without: median(b) };
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
 * short process), in a project with reaper and one without, alternating. `project(kind, total,
 * withReaper)` makes a project directory; `command` is the runner's argv after node.
 */
export async function benchRunner({ name, prefix, rounds, project, command, env = {} }) {
  const out = {};
  const totals = { nospawn: 400, spawn: 200 };
  for (const [kind, total] of Object.entries(totals)) {
    const withReaper = project(kind, total, true);
    const without = project(kind, total, false);
    try {
      const run = (dir) => () => timeRun(command, dir, env);
      out[kind] = await compare(run(withReaper), run(without), rounds);
    } finally {
      removeProject(withReaper);
      removeProject(without);
    }
  }
  const row = (kind, label) => [
    `${name}, ${totals[kind]} ${label}`,
    out[kind].with,
    `without reaper ${out[kind].without.toFixed(0)} ms`,
    out[kind].with / out[kind].without,
  ];
  return {
    rows: [row('nospawn', 'tests that spawn nothing'), row('spawn', 'tests that spawn one process')],
    figures: {
      [`${prefix}NoSpawnRatio`]: out.nospawn.with / out.nospawn.without,
      [`${prefix}SpawnMsPerTest`]: (out.spawn.with - out.spawn.without) / totals.spawn,
    },
  };
}
