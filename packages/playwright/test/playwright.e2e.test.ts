import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as corpus from '../../../test-support/leak-scenarios.js';
import { findMarked, isAlive, killMarked } from '../../../test-support/processes.js';
import { playwrightVersions, runPlaywright } from './run-playwright.js';

// The leak corpus (test-support/leak-scenarios.ts): Playwright's test, its blocks and hooks under
// the corpus's names, and `allow` as a worker option of the files (`test.use`).
const leakStyle: corpus.LeakStyle = {
  format: 'cjs',
  imports: `const { test } = require('@reaper/playwright');
test.use({ reaperOptions: { allow: [${JSON.stringify(corpus.leakAllow)}] } });
const { describe, beforeAll, afterAll, afterEach } = test;
const it = test;`,
  hooks: 'beforeAll',
};

const config = `module.exports = {
  testDir: '.',
  workers: 1,
  reporter: [['list'], ['@reaper/playwright/reporter', { outputFile: 'reaper-report.json' }]],
};
`;

// A worker fixture that stops its server in its teardown, a test fixture that does, one that does not.
const fixtures = `const { spawn } = require('node:child_process');
const { once } = require('node:events');
const { test: base, expect } = require('@reaper/playwright');
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
test('uses a worker fixture and a test fixture that clean up', async ({ server, helper }) => {
  expect(server.pid && helper.pid).toBeTruthy();
});
test('leaks a child beside the worker fixture', async ({ server }) => {
  spawn('sleep', ['401']);
});
test('leaks through a test fixture', async ({ forgotten }) => {});
`;

describe.each(playwrightVersions)('%s', (playwright) => {
  it("each leak fails its own test with the spawn line; a block's leak is the block's", async () => {
    const run = await runPlaywright({
      playwright,
      files: { 'playwright.config.js': config, ...corpus.leakFiles(leakStyle) },
    });
    // Playwright's way: the test fails with the report as its error, a code frame at the spawn.
    const direct = corpus.leakFailures.find((f) => f.title === 'leaks a direct child')!;
    const site = corpus.siteOf(leakStyle, direct.leaks[0]!.at);
    expect(run.output).toContain(`Error: reaper: 1 process outlived test "leaks > leaks a direct child"
      in leaks.test.js
      └─ PID sleep 401  (child) terminated by SIGTERM in N ms, spawned at ${site}
`);
    expect(run.output).toMatch(/> \d+ \| +spawn\('sleep', \['401'\]\);\n\s+\| +\^/);
    for (const { test } of corpus.leakPasses)
      expect(run.output).toMatch(
        new RegExp(`✓ +\\d+ .*› ${test.split(' > ').join(' › ').replace(/[()]/g, '\\$&')} \\(T\\)`),
      );
    expect(run.report?.runner).toBe('playwright');
    corpus.expectLeakRun(leakStyle, run, { failureOf: corpus.failureAt });
  });

  it("worker fixtures are the worker's, test fixtures the test's; a bystander lives", async () => {
    // A process of the machine's, running the same command as a leak, started before the run.
    const bystander = spawn('sleep', ['401'], { stdio: 'ignore' });
    try {
      const run = await runPlaywright({
        playwright,
        files: { 'playwright.config.js': config, 'fixtures.spec.js': fixtures },
      });
      expect(run.code).toBe(1);
      const entries = run.report?.entries ?? [];
      // The worker's own scope: what its fixture spawned, stopped in its teardown: clean.
      expect(entries.filter((e) => e.scope === 'run').map((e) => corpus.describeEntry(e))).toEqual([
        'run null null: 1 | ',
      ]);
      expect(
        entries
          .filter((e) => e.scope !== 'run')
          .map((e) => corpus.describeEntry(e))
          .sort(),
      ).toEqual([
        'test fixtures.spec.js leaks a child beside the worker fixture: 1 | child sleep 401 terminated fixtures.spec.js:26:3',
        'test fixtures.spec.js leaks through a test fixture: 1 | child sleep 420 terminated fixtures.spec.js:18:5',
        'test fixtures.spec.js uses a worker fixture and a test fixture that clean up: 1 | ',
      ]);
      expect(isAlive(bystander.pid!)).toBe(true);
      expect(findMarked()).toEqual([bystander.pid]);
    } finally {
      bystander.kill('SIGKILL');
      killMarked();
    }
  });
});
