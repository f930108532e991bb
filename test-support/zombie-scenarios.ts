import type { Report } from '@reaper/core';
import { expect } from 'vitest';
import { type BddStyle, bddFile } from './bdd-file.js';
import { findMarked } from './processes.js';

/**
 * Children that have already exited when their test ends (issue 18, item 2), written once for
 * every runner: each driver wraps the bodies in its runner's syntax and runs them with
 * `REAPER_SETTLE_MS=0`, so that reaper's one look comes before the worker's event loop has polled
 * for the exits (on a loaded machine that happens within any settle time). A dead child never
 * fails a test; a zombie under a living child that never reaps it is still that child's leak.
 */
export interface ZombieScenario {
  title: string;
  /** The body of an async test (`spawn` and `untilZombie` are in scope). */
  body: string;
}

export const zombieScenarios: readonly ZombieScenario[] = [
  {
    title: 'a child that exited while the test blocked',
    body: `untilZombie(spawn('true').pid);`,
  },
  {
    title: 'a child started from an exit event, done from the same event',
    body: `await new Promise((resolve) => {
      spawn('true').once('exit', () => {
        untilZombie(spawn('sh', ['-c', "echo 'STOPPED'"]).pid);
        resolve();
      });
    });`,
  },
  {
    title: 'leaks a zombie under a child that never reaps it',
    // The child it forks exits well after the exec: a shell may reap a job that ends before.
    body: `const parent = spawn('sh', ['-c', 'sleep 0.3 & exec sleep 419']);
    until(() => readFileSync(\`/proc/\${parent.pid}/cmdline\`, 'latin1').startsWith('sleep'), 'the exec');
    untilZombie(() => readFileSync(\`/proc/\${parent.pid}/task/\${parent.pid}/children\`, 'utf8').trim());`,
  },
];

/** The test above that leaks, and what it leaks. */
const leak = { title: 'leaks a zombie under a child that never reaps it', command: 'sleep 419' };

/**
 * The helpers the bodies use. `until(ok, what)` blocks (the event loop too, as a test that does
 * synchronous work does) until `ok()` holds, for 10 s at most; `untilZombie(pid)` until the process
 * has exited and waits for its parent.
 */
export function zombiePrelude(format: 'cjs' | 'esm'): string {
  const imports =
    format === 'cjs'
      ? `const { spawn, execSync } = require('node:child_process');\nconst { readFileSync } = require('node:fs');`
      : `import { spawn, execSync } from 'node:child_process';\nimport { readFileSync } from 'node:fs';`;
  return `${imports}
const until = (ok, what) => {
  const deadline = Date.now() + 10000;
  for (;;) {
    try { if (ok()) return; } catch {}
    if (Date.now() > deadline) throw new Error(\`no \${what} in 10 s\`);
    execSync('sleep 0.01');
  }
};
const untilZombie = (pidOrFind) =>
  until(() => {
    const pid = typeof pidOrFind === 'function' ? pidOrFind() : pidOrFind;
    const stat = readFileSync(\`/proc/\${pid}/stat\`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  }, 'zombie');
`;
}

/** A test file of the scenarios, in one block named `zombies`, in the driver's style. */
export function zombieTestFile(style: BddStyle): string {
  return bddFile(style, zombiePrelude(style.format), 'zombies', zombieScenarios);
}

/** The environment every driver runs the scenarios with: one look, no settling. */
export const zombieEnv = { REAPER_SETTLE_MS: '0' };

/**
 * What every runner's run must show: only the zombie under a living child fails its test, with
 * that child; the report has nothing else; nothing is left running. (Each driver checks its
 * runner's counts: the other tests passed.)
 */
export function expectZombieRun(run: {
  code: number | null;
  output: string;
  report: Report | undefined;
}): void {
  expect(run.output).toContain(`2 processes outlived test "zombies > ${leak.title}"`);
  expect(run.output).not.toMatch(/outlived test "zombies > a child/);
  expect(run.code).toBe(1);
  expect(
    run.report?.entries.flatMap((e) => e.leaked.map((p) => `${e.test} ${p.kind} ${p.outcome}`)).sort(),
  ).toEqual([`zombies > ${leak.title} child terminated`, `zombies > ${leak.title} zombie reaped`]);
  expect(
    run.report?.entries.flatMap((e) => e.leaked.filter((p) => p.kind === 'child').map((p) => p.command)),
  ).toEqual([leak.command]);
  expect(findMarked()).toEqual([]);
}
