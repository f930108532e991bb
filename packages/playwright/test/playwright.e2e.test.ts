import { describe, expect, it } from 'vitest';
import { describeEntry, leakPrelude } from '../../../test-support/leak-scenarios.js';
import { eventually, findMarked, isAlive, killMarked } from '../../../test-support/processes.js';
import { playwrightVersions, runPlaywright } from './run-playwright.js';

const LISTEN = `require('net').createServer().listen(0, () => console.log('listening'))`;

const config = `module.exports = {
  testDir: '.',
  workers: 2,
  reporter: [['list'], ['@reaper/playwright/reporter', { outputFile: 'reaper-report.json' }]],
};
`;

// Every way a test leaves a process behind, and the clean ways; worker and test fixtures.
const leaks = `${leakPrelude('cjs')}
const { test: base, expect } = require('@reaper/playwright');
base.use({ reaperOptions: { allow: ['sleep 499'] } });
const test = base.extend({
  server: [async ({}, use) => {
    const server = spawn('sleep', ['300']);
    await use(server);
    server.kill();
    await once(server, 'exit');
  }, { scope: 'worker' }],
  helper: async ({}, use) => {
    const helper = spawn('sleep', ['300']);
    await use(helper);
    helper.kill();
    await once(helper, 'exit');
  },
  forgotten: async ({}, use) => {
    spawn('sleep', ['420']);
    await use(undefined);
  },
});
test('is clean when the test stops what it started', async () => {
  const child = spawn('sleep', ['300']);
  child.kill();
  await once(child, 'exit');
});
test('is clean when it kills a child without waiting for it', async () => {
  spawn('sleep', ['300']).kill();
});
test('uses a worker fixture and a test fixture that clean up', async ({ server, helper }) => {
  expect(server.pid && helper.pid).toBeTruthy();
});
test('leaks a direct child', async ({ server }) => {
  spawn('sleep', ['401']);
});
test('leaks an sh -c orphan', async () => {
  spawnSync('sh', ['-c', 'sleep 402 >/dev/null 2>&1 &']);
});
test('leaks an execSync orphan', async () => {
  execSync('sleep 403 >/dev/null 2>&1 &');
});
test('leaks a setsid escape', async () => {
  spawnSync('setsid', ['--fork', 'sleep', '406'], { stdio: 'ignore' });
});
test('leaks a zombie under a child that never reaps it', async () => {
  const parent = spawn('sh', ['-c', 'sleep 0.2 & exec sleep 409']);
  await untilZombieUnder(parent.pid);
});
test('leaks a child that ignores SIGTERM', async () => {
  const ignorer = spawn('sh', ['-c', "trap '' TERM; sleep 410 & wait"]);
  await untilRunningUnder(ignorer.pid, 'sleep 410');
});
test('leaks a server that holds a port', async () => {
  const server = spawn('node', ['-e', ${JSON.stringify(LISTEN)}]);
  await once(server.stdout, 'data');
});
test('starts a helper it is allowed to leave running', async () => {
  spawn('sleep', ['499'], { stdio: 'ignore' }).unref();
});
test('leaks through a test fixture', async ({ forgotten }) => {});
`;

// A block's own server, stopped by its afterAll, and a block that leaves one: the block's.
const suite = `const { spawn } = require('node:child_process');
const { once } = require('node:events');
const { test } = require('@reaper/playwright');
test.describe('server', () => {
  let server;
  test.beforeAll(() => {
    server = spawn('sleep', ['300']);
  });
  test.afterAll(async () => {
    server.kill();
    await once(server, 'exit');
  });
  test('uses the server', () => {});
});
test.describe('database', () => {
  test.beforeAll(() => {
    spawn('sleep', ['411']);
  });
  test('is not blamed for its block', () => {});
});
`;

const clean = `const { spawn } = require('node:child_process');
const { once } = require('node:events');
const { test } = require('@reaper/playwright');
test('is clean in a file of its own', async () => {
  await once(spawn('true'), 'exit');
});
`;

const files = {
  'playwright.config.js': config,
  'leaks.spec.js': leaks,
  'suite.spec.js': suite,
  'clean.spec.js': clean,
};

/** `leaks.spec.js:12:5`: where `at` is in its file. */
function site(file: keyof typeof files, at: string): string {
  const text = files[file];
  const index = text.indexOf(at);
  if (index < 0 || text.indexOf(at, index + 1) >= 0) throw new Error(`'${at}' is not once in ${file}`);
  const before = text.slice(0, index);
  return `${file}:${before.split('\n').length}:${index - before.lastIndexOf('\n')}`;
}

const leak = (test: string, spawned: number, ...leaked: string[]) =>
  `test leaks.spec.js ${test}: ${spawned} | ${leaked.sort().join(', ')}`;
const at = (at: string) => site('leaks.spec.js', at);

const expected = [
  leak('is clean when the test stops what it started', 1),
  leak('is clean when it kills a child without waiting for it', 1),
  leak('uses a worker fixture and a test fixture that clean up', 1),
  leak('leaks a direct child', 1, `child sleep 401 terminated ${at("spawn('sleep', ['401'])")}`),
  leak('leaks an sh -c orphan', 1, `orphan sleep 402 terminated ${at("spawnSync('sh'")}`),
  leak('leaks an execSync orphan', 1, `orphan sleep 403 terminated ${at("execSync('sleep 403")}`),
  leak('leaks a setsid escape', 1, `orphan sleep 406 terminated ${at("spawnSync('setsid'")}`),
  leak(
    'leaks a zombie under a child that never reaps it',
    1,
    `child sleep 409 terminated ${at("spawn('sh', ['-c', 'sleep 0.2")}`,
    `zombie [sleep] reaped ${at("spawn('sh', ['-c', 'sleep 0.2")}`,
  ),
  leak(
    'leaks a child that ignores SIGTERM',
    1,
    `child sh -c trap '' TERM; sleep 410 & wait killed ${at(`spawn('sh', ['-c', "trap`)}`,
    `descendant sleep 410 killed ${at(`spawn('sh', ['-c', "trap`)}`,
  ),
  leak(
    'leaks a server that holds a port',
    1,
    `child node -e ${LISTEN} terminated listening ${at("spawn('node'")}`,
  ),
  leak(
    'starts a helper it is allowed to leave running',
    1,
    `child sleep 499 allowed ${at("spawn('sleep', ['499']")}`,
  ),
  leak('leaks through a test fixture', 1, `child sleep 420 terminated ${at("spawn('sleep', ['420'])")}`),
  'suite suite.spec.js server: 1 | ',
  `suite suite.spec.js database: 1 | child sleep 411 terminated ${site('suite.spec.js', "spawn('sleep', ['411'])")}`,
  'test clean.spec.js is clean in a file of its own: 1 | ',
].sort();

describe.each(playwrightVersions)('%s', (playwright) => {
  it('fails each leaking test with its report and spawn line; fixtures, hooks and the allowed helper as they should be', async () => {
    const run = await runPlaywright({ playwright, files });
    const allowed = (run.report?.entries ?? []).flatMap((e) =>
      e.leaked.filter((p) => p.outcome === 'allowed').map((p) => p.pid),
    );
    try {
      expect(run.code).toBe(1);
      const entries = run.report?.entries ?? [];
      // The workers' own scopes: what worker fixtures spawned (once per worker that used one), clean.
      for (const e of entries.filter((e) => e.scope === 'run')) expect(e.leaked).toEqual([]);
      expect(
        entries
          .filter((e) => e.scope !== 'run')
          .map((e) => describeEntry(e))
          .sort(),
      ).toEqual(expected);
      expect(run.report).toMatchObject({ runner: 'playwright', status: 'checked' });
      expect(run.report?.summary).toMatchObject({ leakedProcesses: 11, escaped: 0, allowed: 1 });
      // Playwright's way: the test fails with the report as its error, a code frame at the spawn.
      expect(run.output).toContain(`Error: reaper: 1 process outlived test "leaks a direct child"
      in leaks.spec.js
      └─ PID sleep 401  (child) terminated by SIGTERM in N ms, spawned at ${at("spawn('sleep', ['401'])")}`);
      expect(run.output).toMatch(/> \d+ \| +spawn\('sleep', \['401'\]\);\n\s+\| +\^/);
      for (const passes of [
        'is clean when the test stops what it started',
        'uses a worker fixture and a test fixture that clean up',
        'starts a helper it is allowed to leave running',
        'server › uses the server',
        'database › is not blamed for its block',
        'is clean in a file of its own',
      ])
        expect(run.output).toMatch(new RegExp(`✓ +\\d+ .*› ${passes.replace(/[()]/g, '\\$&')} \\(T\\)`));
      // A block's leak is its own, said as the worker ends: never its test's.
      expect(run.output).toContain(`reaper: 1 process outlived suite "database"
  in suite.spec.js
  └─ PID sleep 411  (child) terminated by SIGTERM in N ms, spawned at ${site('suite.spec.js', "spawn('sleep', ['411'])")}`);
      expect(run.output).toContain(
        'reaper: 8 tests and 1 suite leaked 11 processes — all reaped; report: <project>/reaper-report.json',
      );
      // Nothing is left but the allowed helper.
      expect(findMarked().sort()).toEqual(allowed.sort());
    } finally {
      for (const pid of allowed) process.kill(pid, 'SIGKILL');
      await eventually(() => !allowed.some(isAlive));
      killMarked();
    }
  });
});
