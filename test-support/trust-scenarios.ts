import { spawn } from 'node:child_process';
import type { Report } from '@reaper/core';
import { expect } from 'vitest';
import type { BddStyle } from './bdd-file.js';
import { findMarked, isAlive, waitForOutput } from './processes.js';

/**
 * Trust (silent about what is not the test's, strict about what is), written once for the runners
 * that install esbuild in their e2e projects and take `it` and `expect` (Jest, Vitest): each driver
 * writes the files in its style, runs them and checks these expectations.
 */
interface ScenarioRun {
  code: number | null;
  output: string;
  report: Report | undefined;
}

/** A module's import in the driver's format. */
function use(style: BddStyle, what: string, from: string): string {
  return style.format === 'cjs' ? `const ${what} = require('${from}');` : `import ${what} from '${from}';`;
}

function file(style: BddStyle, imports: string[], tests: string): string {
  return `\n${imports.join('\n')}\n${style.imports ? `${style.imports}\n` : ''}${tests}`;
}

/** esbuild's service, started by the first test that transforms, serves every later test. */
export function esbuildTest(style: BddStyle): string {
  const esbuild = style.format === 'cjs' ? 'esbuild' : '* as esbuild';
  return file(
    style,
    [use(style, esbuild, 'esbuild')],
    `it('transform', async () => {
  expect((await esbuild.transform('let a: number = 1', { loader: 'ts' })).code).toBe('let a = 1;\\n');
});
it('build', async () => {
  const out = await esbuild.build({ stdin: { contents: 'export default 2' }, write: false, format: 'cjs' });
  expect(out.outputFiles[0].text).toContain('2');
});
it('transform again, on the same service', async () => {
  expect((await esbuild.transform('const b = 3', {})).code).toBe('const b = 3;\\n');
});
`,
  );
}

/** The service is never reported, and the run passes. */
export function expectServiceRun(run: ScenarioRun): void {
  expect(run.output).not.toContain('outlived');
  expect(run.code).toBe(0);
  expect(run.report?.summary).toMatchObject({ leakedScopes: 0, leakedProcesses: 0 });
  expect(findMarked()).toEqual([]);
}

/** REAPER_STRICT_SERVICES=1: the same service is the first test's leak. */
export const strictEnv = { REAPER_STRICT_SERVICES: '1' };

export function strictServiceTest(style: BddStyle): string {
  const esbuild = style.format === 'cjs' ? 'esbuild' : '* as esbuild';
  return file(
    style,
    [use(style, esbuild, 'esbuild')],
    `it('transform', async () => { await esbuild.transform('let a = 1', {}); });\n`,
  );
}

export function expectStrictServiceRun(run: ScenarioRun): void {
  expect(run.code).toBe(1);
  expect(run.report?.entries[0]?.leaked).toEqual([
    expect.objectContaining({
      kind: 'child',
      command: expect.stringMatching(/esbuild --service=\S+ --ping$/),
    }),
  ]);
  expect(findMarked()).toEqual([]);
}

/** A test that spawns and waits for its child: the one test of a run beside an outsider. */
export function busyTest(style: BddStyle): string {
  return file(
    style,
    [use(style, '{ spawn }', 'child_process')],
    `it('spawns and waits', async () => {
  const c = spawn('true');
  await new Promise((r) => c.once('exit', r));
  await new Promise((r) => setTimeout(r, 200));
});
`,
  );
}

/**
 * Runs `run` while a process outside it holds a zombie it never reaps; checks that the run
 * passed, reported nothing, and left the outsider (the zombie's parent) alive. The outsider is
 * ended afterwards, by its pid.
 */
export async function expectOutsiderUntouched<R extends ScenarioRun>(run: () => Promise<R>): Promise<R> {
  const outsider = spawn('sh', ['-c', 'sleep 0 & echo ready; exec sleep 300']);
  try {
    await waitForOutput(outsider, 'ready');
    const done = await run();
    expect(done.code).toBe(0);
    expect(done.report?.summary).toMatchObject({ scopes: 1, leakedScopes: 0, leakedProcesses: 0 });
    expect(isAlive(outsider.pid!)).toBe(true);
    return done;
  } finally {
    outsider.kill('SIGKILL');
  }
}

/** A tool the test SIGKILLs leaves its child behind: an orphan, the test's. */
export const toolFiles = {
  'tool.cjs': `
const { spawn } = require('node:child_process');
spawn('sleep', ['391'], { stdio: 'ignore' });
process.stdout.write('ready\\n');
setInterval(() => {}, 1000);
`,
};

export function toolTest(style: BddStyle): string {
  return file(
    style,
    [use(style, '{ spawn }', 'child_process')],
    `it('kills its tool the hard way', async () => {
  const tool = spawn(process.execPath, ['tool.cjs']);
  await new Promise((resolve) => tool.stdout.once('data', resolve));
  tool.kill('SIGKILL');
  await new Promise((resolve) => tool.once('exit', resolve));
});
it('innocent', () => {});
`,
  );
}

export function expectToolRun(run: ScenarioRun): void {
  expect(run.code).toBe(1);
  expect(run.report?.entries.find((e) => e.test === 'kills its tool the hard way')?.leaked).toEqual([
    expect.objectContaining({
      command: 'sleep 391',
      kind: 'orphan',
      ppid: expect.any(Number),
      outcome: 'terminated',
    }),
  ]);
  expect(run.report?.entries.find((e) => e.test === 'innocent')).toBeUndefined();
  expect(findMarked()).toEqual([]);
}
