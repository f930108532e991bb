import type { Report } from '@reaper/core';
import { expect } from 'vitest';
import { type BddStyle, bddFile } from './bdd-file.js';
import { findMarked } from './processes.js';
/**
 * Tests that handle a signal they send themselves (issue 18, item 1), written once for every
 * runner: each driver wraps the bodies in its runner's syntax. Plain runs of these tests pass, and
 * so must runs under reaper: the guard never turns a handled signal fatal, and the leak that comes
 * after them is still found, at its own line, and reported.
 */
export interface SignalScenario {
  title: string;
  /**
   * The body of an async test (CommonJS or ESM alike: `spawn`, `pause` and `awaiting` are in
   * scope). A signal listener does not keep Node's event loop alive: `awaiting` does, meanwhile.
   */
  body: string;
}

export const signalScenarios: readonly SignalScenario[] = [
  {
    title: 'handles its own SIGINT with once',
    body: `await awaiting(new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.kill(process.pid, 'SIGINT');
    }));
    await pause(500);`,
  },
  {
    title: 'handles its own SIGTERM with on, then stops listening',
    body: `const onTerm = () => {};
    process.on('SIGTERM', onTerm);
    await awaiting(new Promise((resolve) => {
      process.once('SIGTERM', resolve);
      process.kill(process.pid, 'SIGTERM');
    }));
    process.off('SIGTERM', onTerm);
    await pause(500);`,
  },
  {
    title: 'stops its own child on SIGHUP, as a CLI does',
    body: `const child = spawn('sleep', ['300'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.once('SIGHUP', () => child.kill());
    process.kill(process.pid, 'SIGHUP');
    await exited;
    await pause(500);`,
  },
  {
    title: 'leaks a child after the signals',
    body: `spawn('sleep', ['417'], { stdio: 'ignore' });`,
  },
  { title: 'runs after the leak', body: '' },
];

/** The one scenario above that leaks: its command line, and the line of the test file it spawns at. */
export const signalLeak = { command: 'sleep 417', title: 'leaks a child after the signals' };

/** The helpers every wrapped body uses, as CommonJS or as ESM. */
export function signalPrelude(format: 'cjs' | 'esm'): string {
  const imports =
    format === 'cjs'
      ? `const { spawn } = require('node:child_process');`
      : `import { spawn } from 'node:child_process';`;
  return `${imports}
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const awaiting = async (promise) => {
  const alive = setInterval(() => {}, 1000);
  try { return await promise; } finally { clearInterval(alive); }
};
`;
}

/** A test file of the scenarios, in one block named `signals`, in the driver's style. */
export function signalTestFile(style: BddStyle): string {
  return bddFile(style, signalPrelude(style.format), 'signals', signalScenarios);
}

/**
 * What every runner's run of the scenarios must show: the one leak failed its own test, and the
 * report has it, ended by the ladder; nothing is left running. (Each driver checks its runner's
 * counts: every other test passed.)
 */
export function expectSignalRun(run: {
  code: number | null;
  output: string;
  report: Report | undefined;
}): void {
  expect(run.output).toContain(`1 process outlived test "signals > ${signalLeak.title}"`);
  expect(run.code).toBe(1);
  expect(
    run.report?.entries.flatMap((e) => e.leaked.map((p) => `${e.test} ${p.command} ${p.outcome}`)),
  ).toEqual([`signals > ${signalLeak.title} ${signalLeak.command} terminated`]);
  expect(findMarked()).toEqual([]);
}
