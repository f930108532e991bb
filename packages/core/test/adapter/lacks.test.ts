import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';

const kit = join(import.meta.dirname, '..', '..', 'dist', 'adapter.js');
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The report the last script wrote. */
function readReport() {
  return JSON.parse(readFileSync(join(dir ?? '', 'report.json'), 'utf8'));
}

/**
 * Runs `script` as a run's main process, in a fresh directory (`dir`) holding `files`, without the
 * environment's reaper settings.
 */
function runScript(script: string, files: Record<string, string> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'reaper-lacks-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REAPER_REPORT: '', REAPER_MODE: '' },
    timeout: 60_000,
  });
}

// In a process of its own (a run's main process sets the environment and a run guard): a run
// whose worker finds a runner internal missing says so once, and its report is `skipped`.
it("a worker that lacks a runner internal: one line with the runner's version, a skipped report", () => {
  const script = `
const kit = await import(${JSON.stringify(kit)});
const runner = { id: 'mocha', name: 'Mocha', adapter: '@reaper/mocha', majors: [8, 9], version: '13.0.0' };
const run = kit.startRun({ runner, options: { outputFile: 'report.json' }, source: 'test', root: process.cwd() });
const channel = kit.openResultsChannel();
const worker = kit.startWorker({ runner, options: {}, source: 'test', adapterDirectory: process.cwd() });
worker.lacks("a hook's \`this.test.error()\`");
const error = run.finish(kit.drainResultsChannel(channel));
if (error) throw error;
`;
  const { stderr, status } = runScript(script);
  expect(status).toBe(0);
  expect(stderr.split('\n').filter(Boolean)).toEqual([
    'reaper: Mocha 13.0.0 is newer than @reaper/mocha was tested on (tested: Mocha 8, Mocha 9); checking anyway.',
    "reaper: Mocha 13.0.0 lacks a hook's `this.test.error()`, which @reaper/mocha relies on; leaked processes are NOT checked in the test files run without it. Gate the run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.",
    expect.stringMatching(/^reaper: skipped — Mocha 13\.0\.0 lacks .*; report: .*report\.json$/),
  ]);
  const report = readReport();
  expect(report).toMatchObject({
    status: 'skipped',
    skipReason: "Mocha 13.0.0 lacks a hook's `this.test.error()`, which @reaper/mocha relies on",
    entries: [],
  });
});

// Interrupted after a worker found the internal missing: the report written on the way out says
// `skipped` with the reason too, not `checked` with nothing in it.
it('an interrupted run whose worker lacked a runner internal: the report is skipped, with the reason', () => {
  const script = `
const kit = await import(${JSON.stringify(kit)});
const runner = { id: 'mocha', name: 'Mocha', adapter: '@reaper/mocha', majors: [13] };
let channel;
kit.startRun({ runner, options: { outputFile: 'report.json' }, source: 'test', root: process.cwd(),
  checked: () => kit.readResultsChannel(channel) });
channel = kit.openResultsChannel();
const worker = kit.startWorker({ runner, options: {}, source: 'test', adapterDirectory: process.cwd() });
worker.lacks("a hook's \`this.test.error()\`");
process.kill(process.pid, 'SIGINT');
setTimeout(() => process.exit(3), 30_000);
`;
  const { status, signal } = runScript(script);
  expect({ status, signal }).toEqual({ status: null, signal: 'SIGINT' });
  const report = readReport();
  expect(report).toMatchObject({
    status: 'skipped',
    skipReason: expect.stringMatching(/^Mocha .*lacks a hook's `this\.test\.error\(\)`/),
    entries: [],
  });
  expect(report.unfinished).toBeUndefined();
});

// Two workers, one lacking (a thread of its own: the channel keeps a file per worker) and one that
// checked a file: what was checked stays, the lack is named for the run, and it is not `skipped`.
it('a run where one worker lacks a runner internal and another checked: checked, the lack named unfinished', () => {
  const head = `
const kit = await import(${JSON.stringify(kit)});
const runner = { id: 'mocha', name: 'Mocha', adapter: '@reaper/mocha', majors: [13] };
`;
  const startWorker =
    "const worker = kit.startWorker({ runner, options: {}, source: 'test', adapterDirectory: process.cwd() });";
  const lacking = `${head}${startWorker}
worker.open({ scope: 'file', file: 'b.test.js' });
worker.lacks("a hook's \`this.test.error()\`");
`;
  const script = `
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
${head}
const run = kit.startRun({ runner, options: { outputFile: 'report.json' }, source: 'test', root: process.cwd() });
const channel = kit.openResultsChannel();
await once(new Worker('./lacking.mjs', { execArgv: [] }), 'exit');
${startWorker}
const scope = worker.open({ scope: 'file', file: 'a.test.js' });
await worker.check(scope);
worker.stop();
const error = run.finish(kit.drainResultsChannel(channel));
if (error) throw error;
`;
  const { stderr, status } = runScript(script, { 'lacking.mjs': lacking });
  expect(stderr).toContain("Mocha lacks a hook's `this.test.error()`");
  expect(status).toBe(0);
  const report = readReport();
  expect(report).toMatchObject({
    status: 'checked',
    entries: [],
    unfinished: [
      {
        file: null,
        reason:
          "Mocha lacks a hook's `this.test.error()`, which @reaper/mocha relies on: the test files run without it are not checked",
      },
    ],
  });
  expect(report.skipReason).toBeUndefined();
  expect(stderr).toContain('reaper: 1 test file was not fully checked: the run (Mocha lacks');
});

// A run kept by its test files (AVA, tap: `joinSharedRun`): the file whose worker lacked the
// internal ends first, before any other file was checked; a file checked after it makes the run
// checked, the lack named for the run. A worker's lack is never kept as the whole run's skip.
it('a shared run whose first file lacked a runner internal: a file checked after it makes the run checked', () => {
  const head = `
const kit = await import(${JSON.stringify(kit)});
const runner = { id: 'tap', name: 'tap', adapter: '@reaper/tap', majors: [13] };
`;
  const lacking = `${head}
const worker = kit.startWorker({ runner, options: {}, source: 'test', adapterDirectory: process.cwd() });
worker.lacks('its Test class');
`;
  const script = `
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
${head}
const run = kit.joinSharedRun({ runner, options: { outputFile: 'report.json' }, source: 'test', root: process.cwd(), mainPid: process.pid });
await once(new Worker('./lacking.mjs', { execArgv: [] }), 'exit');
run.finishFile([]);
const first = JSON.parse((await import('node:fs')).readFileSync('report.json', 'utf8'));
console.log('first=' + first.status);
const worker = kit.startWorker({ runner, options: {}, source: 'test', adapterDirectory: process.cwd() });
const scope = worker.open({ scope: 'file', file: 'a.test.js' });
await worker.check(scope);
worker.stop();
const error = run.finishFile([]);
if (error) throw error;
`;
  const { stdout, stderr, status } = runScript(script, { 'lacking.mjs': lacking });
  expect(stderr).toContain('tap lacks its Test class');
  expect(status).toBe(0);
  // Until a file is checked, nothing was: the report says so.
  expect(stdout).toContain('first=skipped');
  expect(readReport()).toMatchObject({
    status: 'checked',
    unfinished: [
      {
        file: null,
        reason:
          'tap lacks its Test class, which @reaper/tap relies on: the test files run without it are not checked',
      },
    ],
  });
});
