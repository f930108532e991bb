import type { Report } from '@reaper/core';
import { expect } from 'vitest';
import type { BddStyle } from './bdd-file.js';
import { expectOffReport } from './off-report.js';
import { findMarked } from './processes.js';

/**
 * A block's leak and the modes, written once for the runners whose tests take `describe`, `it` and
 * a block hook (Jest, Vitest, Mocha, node:test): each driver writes the files in its style, runs
 * them and checks these expectations, then what only its runner shows.
 */
export interface ModeStyle extends BddStyle {
  /** The hook that runs once before a block's tests: `beforeAll` (Jest, Vitest) or `before`. */
  hooks: 'beforeAll' | 'before';
}

interface ScenarioRun {
  code: number | null;
  output: string;
  report: Report | undefined;
}

/** `spawn` from child_process, without the `node:` prefix, which Jest 24 does not know. */
function prelude(style: BddStyle, names = 'spawn'): string {
  const from =
    style.format === 'cjs'
      ? `const { ${names} } = require('child_process');`
      : `import { ${names} } from 'child_process';`;
  return `${from}\n${style.imports ? `${style.imports}\n` : ''}`;
}

/** Where `text` first stands in `file`: `name:line:column`. */
export function siteIn(name: string, file: string, text: string): string {
  const lines = file.split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  if (line < 0) throw new Error(`${text} is not in ${name}: expected the scenario to write it there.`);
  return `${name}:${line + 1}:${lines[line]!.indexOf(text) + 1}`;
}

/** Block `database`'s hook starts a server and leaves it; a test outside the block is clean. */
export const suiteLeakFile = 'suite.test.js';
export const suiteLeakSpawn = "spawn('sleep', ['304'])";

export function suiteLeakTest(style: ModeStyle): string {
  return `
${prelude(style)}describe('database', () => {
  ${style.hooks}(() => { ${suiteLeakSpawn}; });
  it('works', () => {});
});
it('unrelated', () => {});
`;
}

/**
 * The block's leak is the block's: it fails the run, the report's one entry is the block's, with
 * the server terminated, and the summary names the spawn line.
 */
export function expectSuiteLeakRun(run: ScenarioRun, file: string): void {
  const site = siteIn(suiteLeakFile, file, suiteLeakSpawn);
  expect(run.code).toBe(1);
  expect(run.output).toContain('reaper: 1 process outlived suite "database"');
  expect(run.output).toContain(`PID sleep 304  (child) terminated by SIGTERM in N ms, spawned at ${site}`);
  expect(run.report?.entries).toEqual([
    {
      file: suiteLeakFile,
      test: 'database',
      scope: 'suite',
      startedAt: expect.any(Number),
      endedAt: expect.any(Number),
      spawned: [expect.objectContaining({ command: 'sleep 304', endedAt: null })],
      leaked: [
        expect.objectContaining({
          command: 'sleep 304',
          kind: 'child',
          outcome: 'terminated',
          signal: 'SIGTERM',
        }),
      ],
    },
  ]);
  expect(findMarked()).toEqual([]);
}

/** REAPER_MODE=warn on a test that leaks. */
export const warnEnv = { REAPER_MODE: 'warn' };

export function warnTest(style: BddStyle): string {
  return `${prelude(style)}it('leaks', () => { spawn('sleep', ['305']); });\n`;
}

/** The summary of a run whose one scope leaked one process (reaped, not allowed). */
export const ONE_LEAK_SUMMARY = {
  scopes: 1,
  leakedScopes: 1,
  leakedProcesses: 1,
  escaped: 0,
  allowed: 0,
} as const;

/** Warn mode reaps and reports the leak, and the test passes. */
export function expectWarnRun(run: ScenarioRun): void {
  expect(run.code).toBe(0);
  expect(run.output).toContain('reaper: 1 process outlived test "leaks"');
  expect(run.report?.summary).toEqual(ONE_LEAK_SUMMARY);
  expect(findMarked()).toEqual([]);
}

/** REAPER_MODE=off: the test passes only where reaper installed nothing (no cookie in its children). */
export const offEnv = { REAPER_MODE: 'off' };

export function offTest(style: BddStyle): string {
  const assert =
    style.format === 'cjs' ? "const assert = require('assert');" : "import assert from 'assert';";
  return `${prelude(style, 'spawnSync')}${assert}
it('has no cookie', () => {
  assert.strictEqual(spawnSync('sh', ['-c', 'printf %s "$REAPER_COOKIE"']).stdout.toString(), '');
});
`;
}

/** The two off runs: with a report asked for (true), and without. */
export const offCases = [
  ['a skipped report where one is asked for', true],
  ['no report where none is', false],
] as const;

/** Off: the test passed, and the report is `skipped` where one is asked for, absent where not. */
export function expectOffRun(run: ScenarioRun, asked: boolean): void {
  expect(run.code).toBe(0);
  expectOffReport(run.report, asked);
}
