import { describe, expect, it } from 'vitest';
import * as corpus from '../../../test-support/leak-scenarios.js';
import * as modes from '../../../test-support/mode-scenarios.js';
import { eventually, findMarked } from '../../../test-support/processes.js';
import { failureOf, runMocha } from './run-mocha.js';

const mocharc = JSON.stringify({ require: ['@reaper/mocha'] });

// The leak corpus (test-support/leak-scenarios.ts), with `allow` from a file of one's own.
const leakStyle: corpus.LeakStyle = { format: 'cjs', timeout: 'mocha', hooks: 'before' };
const leakProject = {
  '.mocharc.json': JSON.stringify({ require: ['./reaper.js'] }),
  'reaper.js': `module.exports = require('@reaper/mocha').createReaperPlugin({ allow: [${JSON.stringify(corpus.leakAllow)}] });\n`,
  ...corpus.leakFiles(leakStyle),
};

/** Mocha's heading for a failed scope: a test's title; a block's, its reaper hook's. */
const mochaFailure = (output: string, failure: corpus.LeakFailure) =>
  failureOf(
    output,
    failure.scope === 'test' ? failure.title : `"after all" hook: reaper for "${failure.lastTest}"`,
  );

/**
 * Mocha 8 and 9 do not start on Node 26, with or without reaper: their yargs 16 is loaded there as
 * an ES module (`require is not defined`). They are tested on Node 20 to 24.
 */
const startsOnThisNode = (mocha: string) =>
  !((mocha === 'mocha8' || mocha === 'mocha9') && Number.parseInt(process.versions.node, 10) >= 26);

const serial = ['serial', []] as [string, string[]];
const parallel = ['--parallel', ['--parallel', '--jobs', '2']] as [string, string[]];

// Every tested Mocha, serial; the two newest --parallel too (each --parallel run costs a worker
// pool: the older ones share its code with 11, docs/versions.md). Mocha 8 marks a passed test ✓
// (later ones ✔), and lists a test failed from an afterEach twice: passed, then failed.
describe.each([
  ['mocha12', [serial, parallel]],
  ['mocha11', [serial, parallel]],
  ['mocha10', [serial]],
  ['mocha9', [serial]],
  ['mocha8', [serial]],
] as const)('%s', (mocha, modes) => {
  it.skipIf(!startsOnThisNode(mocha)).each(modes)(
    '%s: each leak fails its own test, the block goes on, the report is written',
    async (_, args) => {
      const run = await runMocha({
        mocha,
        args: [...args, ...Object.keys(corpus.leakFiles(leakStyle))],
        files: leakProject,
      });
      expect(run.output).toMatch(new RegExp(`^\\s+${corpus.leakFailures.length} failing$`, 'm'));
      // The whole failure as Mocha prints it.
      const direct = corpus.leakFailures.find((f) => f.title === 'leaks a direct child')!;
      const site = corpus.siteOf(leakStyle, direct.leaks[0]!.at);
      expect(mochaFailure(run.output, direct)).toBe(`leaks
       leaks a direct child:
     Error: reaper: 1 process outlived test "leaks > leaks a direct child"
  in leaks.test.js
  └─ PID sleep 401  (child) terminated by SIGTERM in N ms, spawned at ${site}
      at <project>/${site}`);
      // Each failure's stack is one frame, at the spawn.
      for (const failure of corpus.leakFailures) {
        expect(mochaFailure(run.output, failure)).toContain(
          `\n      at <project>/${corpus.siteOf(leakStyle, failure.leaks[0]!.at)}`,
        );
      }
      // A leak fails its test, not an afterEach hook: the rest of the block still runs.
      for (const { test } of corpus.leakPasses)
        expect(run.output).toMatch(new RegExp(`[✔✓] ${test.split(' > ').at(-1)}`));
      expect(run.output).not.toMatch(/\d+\) .*(is clean|uses the server|runs after the leaks)/);
      expect(run.report?.runner).toBe('mocha');
      corpus.expectLeakRun(leakStyle, run, { failureOf: mochaFailure, code: corpus.leakFailures.length });
    },
  );
});

describe('scopes', () => {
  const rootHooks = `const { spawn } = require('node:child_process');

before(() => {
  spawn('sleep', ['408']);
});
it('a top-level test', () => {});
`;
  const other = `it('another file', () => {});\n`;

  it.each([
    ['serial: the root suite holds every file, a run scope', [], 'run', null, 'another file'],
    [
      '--parallel: each file has its root suite, a file scope',
      ['--parallel'],
      'file',
      'hooks.test.js',
      'a top-level test',
    ],
  ])('top-level hooks belong to the root suite; %s', async (_, args, scope, file, lastTest) => {
    const run = await runMocha({
      args: [...args, 'hooks.test.js', 'other.test.js'],
      files: { '.mocharc.json': mocharc, 'hooks.test.js': rootHooks, 'other.test.js': other },
    });
    expect(run.code).toBe(1);
    expect(run.output).toContain('✔ a top-level test');
    expect(run.output).toContain('✔ another file');
    expect(failureOf(run.output, `"after all" hook: reaper for "${lastTest}"`)).toContain(
      `Error: reaper: 1 process outlived ${scope === 'run' ? 'the run' : 'file hooks.test.js'}`,
    );
    expect(run.report?.entries).toEqual([
      expect.objectContaining({
        scope,
        file,
        test: null,
        spawned: [
          expect.objectContaining({ command: 'sleep 408', spawnedAt: 'hooks.test.js:4:3', endedAt: null }),
        ],
        leaked: [
          expect.objectContaining({ command: 'sleep 408', kind: 'child', spawnedAt: 'hooks.test.js:4:3' }),
        ],
      }),
    ]);
    expect(findMarked()).toEqual([]);
  });

  it('warn mode reaps and reports, and the test passes', async () => {
    const run = await runMocha({
      env: modes.warnEnv,
      files: { '.mocharc.json': mocharc, 'test/warn.test.js': modes.warnTest({ format: 'cjs' }) },
    });
    modes.expectWarnRun(run);
  });

  it.each(modes.offCases)('mode off installs nothing; %s', async (_, asked) => {
    const run = await runMocha({
      env: { ...modes.offEnv, ...(asked ? {} : { REAPER_REPORT: '' }) },
      files: { '.mocharc.json': mocharc, 'test/off.test.js': modes.offTest({ format: 'cjs' }) },
    });
    expect(run.output).toContain('1 passing');
    modes.expectOffRun(run, asked);
  });
});

describe('under reaper run', () => {
  it('the gate’s report carries the test’s entry, once', async () => {
    const run = await runMocha({
      gate: true,
      args: ['--parallel', 'a.test.js', 'b.test.js'],
      files: {
        '.mocharc.json': mocharc,
        'a.test.js': `const { spawn } = require('node:child_process');\nit('leaks', () => { spawn('sleep', ['414']); });\n`,
        'b.test.js': "it('is clean', () => {});\n",
      },
    });
    expect(run.code).toBe(1);
    expect(run.output).not.toContain('ignored');
    expect(run.report?.runner).toBe('cli');
    expect(run.report?.entries.filter((e) => e.leaked.length > 0)).toEqual([
      expect.objectContaining({
        scope: 'test',
        file: 'a.test.js',
        test: 'leaks',
        leaked: [expect.objectContaining({ command: 'sleep 414', outcome: 'terminated' })],
      }),
    ]);
    expect(findMarked()).toEqual([]);
  });
});

describe('options in code and ESM', () => {
  it('createReaperPlugin({ allow }) from a file of one’s own; ESM test files with named imports', async () => {
    let allowedPid = 0;
    try {
      const run = await runMocha({
        files: {
          'package.json': '{ "type": "module" }',
          '.mocharc.json': JSON.stringify({ require: ['./reaper.js'], spec: ['test/*.test.js'] }),
          'reaper.js': `import { createReaperPlugin } from '@reaper/mocha';
export const { mochaHooks, mochaGlobalSetup, mochaGlobalTeardown } = createReaperPlugin({ allow: [/sleep 410/] });
`,
          'test/esm.test.js': `import { spawn } from 'node:child_process';
it('starts an allowed helper', () => {
  // A helper meant to outlive the test: unref'd, so Mocha can still exit.
  spawn('sleep', ['410'], { stdio: 'ignore' }).unref();
});
it('leaks through a named import', () => {
  spawn('sleep', ['411']);
});
`,
        },
      });
      allowedPid = run.report?.entries[0]?.leaked[0]?.pid ?? 0;
      expect(run.code).toBe(1);
      expect(failureOf(run.output, 'leaks through a named import')).toContain(
        '└─ PID sleep 411  (child) terminated by SIGTERM in N ms, spawned at test/esm.test.js:7:3',
      );
      expect(
        run.report?.entries.map((e) => [e.test, e.leaked.map((p) => `${p.command} ${p.outcome}`)]),
      ).toEqual([
        ['starts an allowed helper', ['sleep 410 allowed']],
        ['leaks through a named import', ['sleep 411 terminated']],
      ]);
    } finally {
      // Allowed means left running: end it by the pid the report gives.
      if (allowedPid > 0) process.kill(allowedPid, 'SIGKILL');
    }
    expect(await eventually(() => findMarked().length === 0)).toBe(true);
  });
});
