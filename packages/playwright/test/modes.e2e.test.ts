import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeReports } from '@reaper/core';
import { describe, expect, it } from 'vitest';
import { findMarked, killMarked } from '../../../test-support/processes.js';
import { runPlaywright } from './run-playwright.js';

const config = (extra = '') => `module.exports = {
  testDir: '.',
  workers: 2,${extra}
  reporter: [['list'], ['@reaper/playwright/reporter', { outputFile: 'reaper-report.json' }]],
};
`;
const leaky = `const { spawn } = require('node:child_process');
const { test } = require('@reaper/playwright');
test('leaks', async () => {
  spawn('sleep', ['431']);
});
`;
const headlines = (output: string) => output.match(/^\s*(Error: )?reaper: .*$/gm)?.map((l) => l.trim()) ?? [];

describe('modes, versions and Playwright’s ways of running', () => {
  it('warn mode: the test passes, the leak is said, reaped and reported', async () => {
    try {
      const run = await runPlaywright({
        playwright: 'playwright165',
        files: { 'playwright.config.js': config(), 'leak.spec.js': leaky },
        env: { REAPER_MODE: 'warn' },
      });
      expect(run.code).toBe(0);
      expect(run.output).toMatch(/✓ +1 .*› leaks/);
      expect(run.output).toContain('reaper: 1 process outlived test "leaks"');
      expect(run.report?.entries.map((e) => e.leaked.map((p) => `${p.command} ${p.outcome}`))).toEqual([
        ['sleep 431 terminated'],
      ]);
      expect(findMarked()).toEqual([]);
    } finally {
      killMarked();
    }
  });

  it("mode 'off': nothing is installed, and the report asked for says skipped", async () => {
    try {
      const run = await runPlaywright({
        playwright: 'playwright165',
        files: { 'playwright.config.js': config(), 'leak.spec.js': leaky },
        env: { REAPER_MODE: 'off' },
      });
      expect(run.code).toBe(0);
      expect(run.report).toMatchObject({
        runner: 'playwright',
        status: 'skipped',
        skipReason: "mode is 'off' (REAPER_MODE=off)",
      });
    } finally {
      // Off, the leak is nobody's to end: this test ends it.
      killMarked();
    }
  });

  it('an older Playwright is refused in one line, and its report says skipped', async () => {
    try {
      const run = await runPlaywright({
        playwright: 'playwright150',
        fakeVersion: '1.39.0',
        files: { 'playwright.config.js': config(), 'leak.spec.js': leaky },
      });
      expect(run.code).toBe(0);
      expect(headlines(run.output)).toEqual([
        'reaper: Playwright Test 1.39.0 is not supported by @reaper/playwright (supported: Playwright Test 1.40.0 and later); leaked processes are NOT checked in this run. Use a supported Playwright Test, or gate the whole run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.',
        'reaper: skipped — Playwright Test 1.39.0 is not supported by @reaper/playwright; nothing was checked; report: <project>/reaper-report.json',
      ]);
      expect(run.report).toMatchObject({
        status: 'skipped',
        skipReason: expect.stringMatching(/Playwright Test 1\.39\.0/),
      });
    } finally {
      killMarked();
    }
  });

  it("test files that use Playwright's own test: said in one line, the report skipped, never called clean", async () => {
    try {
      const run = await runPlaywright({
        playwright: 'playwright165',
        files: {
          'playwright.config.js': config(),
          'leak.spec.js': leaky.replace('@reaper/playwright', '@playwright/test'),
        },
      });
      expect(run.code).toBe(0);
      expect(headlines(run.output)).toEqual([
        "reaper: no test file of this run ran @reaper/playwright; leaked processes are NOT checked in this run. Import `test` from '@reaper/playwright' instead of '@playwright/test', or add `reaperFixtures` to the project's own test (`base.extend(reaperFixtures)`).",
        'reaper: skipped — no test file of this run ran @reaper/playwright; nothing was checked; report: <project>/reaper-report.json',
      ]);
      expect(run.report).toMatchObject({
        status: 'skipped',
        skipReason: 'no test file of this run ran @reaper/playwright',
      });
    } finally {
      // Unchecked, the leak is nobody's to end: this test ends it.
      killMarked();
    }
  });

  it('retries: each attempt is its own scope, and fails on its own leak', async () => {
    try {
      const run = await runPlaywright({
        playwright: 'playwright165',
        files: { 'playwright.config.js': config('\n  retries: 1,'), 'leak.spec.js': leaky },
      });
      expect(run.code).toBe(1);
      expect(run.report?.entries.map((e) => `${e.test}: ${e.leaked.map((p) => p.command)}`)).toEqual([
        'leaks: sleep 431',
        'leaks (retry 1): sleep 431',
      ]);
      expect(findMarked()).toEqual([]);
    } finally {
      killMarked();
    }
  });

  it('fullyParallel: tests of one file in two workers each own their leak', async () => {
    const tests = [1, 2, 3, 4]
      .map(
        (n) =>
          `test('leaks ${n}', async () => {\n  spawn('sleep', ['44${n}']);\n  await new Promise((r) => setTimeout(r, 200));\n});`,
      )
      .join('\n');
    try {
      const run = await runPlaywright({
        playwright: 'playwright165',
        files: {
          'playwright.config.js': config('\n  fullyParallel: true,'),
          'leak.spec.js': `const { spawn } = require('node:child_process');\nconst { test } = require('@reaper/playwright');\n${tests}\n`,
        },
      });
      expect(run.code).toBe(1);
      expect(
        run.report?.entries
          .filter((e) => e.scope === 'test')
          .map((e) => `${e.test}: ${e.leaked.map((p) => p.command)}`)
          .sort(),
      ).toEqual(['leaks 1: sleep 441', 'leaks 2: sleep 442', 'leaks 3: sleep 443', 'leaks 4: sleep 444']);
      expect(findMarked()).toEqual([]);
    } finally {
      killMarked();
    }
  });

  it('--repeat-each: each repetition is its own scope', async () => {
    try {
      const run = await runPlaywright({
        playwright: 'playwright165',
        args: ['--repeat-each=2'],
        files: { 'playwright.config.js': config(), 'leak.spec.js': leaky },
      });
      expect(run.code).toBe(1);
      expect(run.report?.entries.map((e) => `${e.test}: ${e.leaked.map((p) => p.command)}`)).toEqual([
        'leaks: sleep 431',
        'leaks: sleep 431',
      ]);
      expect(findMarked()).toEqual([]);
    } finally {
      killMarked();
    }
  });

  it('--shard: each shard reports its own tests; the reports merge into the run', async () => {
    const files = {
      'playwright.config.js': config(),
      'a.spec.js': leaky,
      'b.spec.js': leaky.replace("'leaks'", "'leaks too'").replace('431', '432'),
    };
    try {
      const shards = [];
      for (const shard of ['1/2', '2/2']) {
        const run = await runPlaywright({ playwright: 'playwright165', args: [`--shard=${shard}`], files });
        expect(run.code).toBe(1);
        expect(run.report?.entries).toHaveLength(1);
        shards.push(run.report!);
      }
      const merged = mergeReports(shards);
      expect(
        merged.entries.map((e) => `${e.file} ${e.test}: ${e.leaked.map((p) => p.command)}`).sort(),
      ).toEqual(['a.spec.js leaks: sleep 431', 'b.spec.js leaks too: sleep 432']);
      expect(merged.summary).toMatchObject({ leakedScopes: 2, leakedProcesses: 2 });
      expect(findMarked()).toEqual([]);
    } finally {
      killMarked();
    }
  });

  it("a leak's annotation and its attached result reach Playwright's reporters (its HTML report, the trace viewer)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reaper-pw-json-'));
    try {
      const run = await runPlaywright({
        playwright: 'playwright165',
        env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(dir, 'results.json') },
        files: {
          'playwright.config.js': `module.exports = {
  testDir: '.',
  reporter: [['json'], ['@reaper/playwright/reporter']],
};
`,
          'leak.spec.js': leaky,
        },
      });
      expect(run.code).toBe(1);
      const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
      const test = results.suites[0].specs[0].tests[0];
      expect(test.annotations).toEqual([
        { type: 'reaper', description: 'reaper: 1 process outlived test "leaks"' },
      ]);
      const attached = test.results[0].attachments.find((a: { name: string }) => a.name === 'reaper');
      expect(attached.contentType).toBe('application/json');
      const result = JSON.parse(Buffer.from(attached.body, 'base64').toString('utf8'));
      expect(result).toMatchObject({
        scope: 'test',
        test: 'leaks',
        leaked: [{ command: 'sleep 431', outcome: 'terminated' }],
      });
      expect(findMarked()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      killMarked();
    }
  });

  it('a test expected to fail (test.fail()) that leaks: the leak fails the run, not into a pass', async () => {
    try {
      const run = await runPlaywright({
        playwright: 'playwright165',
        files: {
          'playwright.config.js': config(),
          'leak.spec.js': leaky
            .replace("test('leaks', async () => {", "test('leaks', async () => {\n  test.fail();")
            .replace(
              "spawn('sleep', ['431']);",
              "spawn('sleep', ['431']);\n  throw new Error('as expected');",
            ),
        },
      });
      // Playwright counts the test as passed (it failed, as it should); the leak fails the run.
      expect(run.output).toMatch(/^ +1 passed/m);
      expect(run.code).toBe(1);
      expect(run.output).toContain('reaper: 1 process outlived test "leaks"');
      expect(run.report?.summary).toMatchObject({ leakedScopes: 1, leakedProcesses: 1 });
      expect(findMarked()).toEqual([]);
    } finally {
      killMarked();
    }
  });
});
