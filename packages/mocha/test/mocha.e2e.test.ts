import { describe, expect, it } from 'vitest';
import { expectOffReport } from '../../../test-support/off-report.js';
import { eventually, findMarked } from '../../../test-support/processes.js';
import { failureOf, runMocha } from './run-mocha.js';

const mocharc = JSON.stringify({ require: ['@reaper/mocha'] });

// Line numbers matter: the failures name them.
const leaksTest = `const { spawn, execSync } = require('node:child_process');

describe('leaks', () => {
  it('is clean when the test stops what it started', async () => {
    const child = spawn('sleep', ['300']);
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve));
  });
  it('leaks a direct child', () => {
    spawn('sleep', ['401']);
  });
  it('leaks an orphan', () => {
    execSync("sh -c 'sleep 402 >/dev/null 2>&1 &'");
  });
  it('leaks a detached child in its own session', () => {
    spawn('setsid', ['--fork', 'sleep', '403'], { stdio: 'ignore' });
  });
  it('leaks a zombie under a child that never reaps it', async () => {
    const parent = spawn('sh', ['-c', 'sleep 0 & echo forked; exec sleep 404']);
    await new Promise((resolve) => parent.stdout.once('data', resolve));
  });
  it('runs after the leaks, in the same block', () => {});
});
`;

const serverTest = `const { spawn } = require('node:child_process');

describe('server', () => {
  let server;
  before(() => {
    server = spawn('sleep', ['300']);
  });
  after(async () => {
    server.kill();
    await new Promise((resolve) => server.once('exit', resolve));
  });
  describe('with cleanup in afterEach', () => {
    let child;
    afterEach(async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    });
    it('is clean', () => {
      child = spawn('sleep', ['300']);
    });
  });
  it('uses the server', () => {});
});

describe('database', () => {
  before(() => {
    spawn('sleep', ['405']);
  });
  it('is not blamed for its block', () => {});
});
`;

/** The failures every run of the two files above lists, whatever the Mocha and the mode. */
const expectedFailures = {
  'leaks a direct child': `leaks
       leaks a direct child:
     Error: reaper: 1 process outlived test "leaks > leaks a direct child"
  in leaks.test.js
  └─ PID sleep 401  (child) terminated by SIGTERM in N ms, spawned at leaks.test.js:10:5
      at <project>/leaks.test.js:10:5`,
  'leaks an orphan': `leaks
       leaks an orphan:
     Error: reaper: 1 process outlived test "leaks > leaks an orphan"
  in leaks.test.js
  └─ PID sleep 402  (orphan) terminated by SIGTERM in N ms, spawned at leaks.test.js:13:5
      at <project>/leaks.test.js:13:5`,
  'leaks a detached child in its own session': `leaks
       leaks a detached child in its own session:
     Error: reaper: 1 process outlived test "leaks > leaks a detached child in its own session"
  in leaks.test.js
  └─ PID sleep 403  (orphan) terminated by SIGTERM in N ms, spawned at leaks.test.js:16:5
      at <project>/leaks.test.js:16:5`,
  'leaks a zombie under a child that never reaps it': `leaks
       leaks a zombie under a child that never reaps it:
     Error: reaper: 2 processes outlived test "leaks > leaks a zombie under a child that never reaps it"
  in leaks.test.js
  └─ PID sleep 404  (child) terminated by SIGTERM in N ms, spawned at leaks.test.js:19:20
     └─ PID [sleep]  (zombie) reaped in N ms
      at <project>/leaks.test.js:19:20`,
  // The block's own server is the block's: checked at its end, never a test's.
  '"after all" hook: reaper for "is not blamed for its block"': `database
       "after all" hook: reaper for "is not blamed for its block":
     Error: reaper: 1 process outlived suite "database"
  in server.test.js
  └─ PID sleep 405  (child) terminated by SIGTERM in N ms, spawned at server.test.js:27:5
      at <project>/server.test.js:27:5`,
};

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
        args: [...args, 'leaks.test.js', 'server.test.js'],
        files: { '.mocharc.json': mocharc, 'leaks.test.js': leaksTest, 'server.test.js': serverTest },
      });
      expect(run.output).toMatch(/^\s+5 failing$/m);
      expect(run.code).toBe(5);
      for (const [title, failure] of Object.entries(expectedFailures)) {
        // A zombie's command line is gone; read while it was still alive, it is `sleep 0`.
        expect(failureOf(run.output, title).replace('sleep 0  (zombie)', '[sleep]  (zombie)')).toBe(failure);
      }
      // A leak fails its test, not an afterEach hook: the rest of the block still runs.
      expect(run.output).toMatch(/[✔✓] runs after the leaks, in the same block/);
      expect(run.output).toMatch(/[✔✓] is not blamed for its block/);
      expect(run.output).not.toMatch(/\d+\) .*(is clean|uses the server|runs after the leaks)/);
      expect(run.output).toContain(
        'reaper: 4 tests and 1 suite leaked 6 processes — all reaped; report: <project>/reaper-report.json',
      );
      expect(run.report?.runner).toBe('mocha');
      expect(run.report?.summary).toEqual({
        scopes: 8,
        leakedScopes: 5,
        leakedProcesses: 6,
        escaped: 0,
        allowed: 0,
      });
      expect(
        run.report?.entries
          .map((e) => `${e.scope} ${e.file} ${e.test} ${e.spawned.length} ${e.leaked.map((p) => p.kind)}`)
          .sort(),
      ).toEqual([
        'suite server.test.js database 1 child',
        'suite server.test.js server 1 ',
        'test leaks.test.js leaks > is clean when the test stops what it started 1 ',
        'test leaks.test.js leaks > leaks a detached child in its own session 1 orphan',
        'test leaks.test.js leaks > leaks a direct child 1 child',
        'test leaks.test.js leaks > leaks a zombie under a child that never reaps it 1 child,zombie',
        'test leaks.test.js leaks > leaks an orphan 1 orphan',
        'test server.test.js server > with cleanup in afterEach > is clean 1 ',
      ]);
      expect(findMarked()).toEqual([]);
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
      env: { REAPER_MODE: 'warn' },
      files: {
        '.mocharc.json': mocharc,
        'test/warn.test.js': `const { spawn } = require('node:child_process');\nit('leaks', () => { spawn('sleep', ['409']); });\n`,
      },
    });
    expect(run.code).toBe(0);
    expect(run.output).toContain('reaper: 1 process outlived test "leaks"');
    expect(run.report?.summary).toEqual({
      scopes: 1,
      leakedScopes: 1,
      leakedProcesses: 1,
      escaped: 0,
      allowed: 0,
    });
    expect(findMarked()).toEqual([]);
  });

  it.each([
    ['a skipped report where one is asked for', {}],
    ['no report where none is', { REAPER_REPORT: '' }],
  ])('mode off installs nothing; %s', async (title, env) => {
    const run = await runMocha({
      env: { REAPER_MODE: 'off', ...env },
      files: {
        '.mocharc.json': mocharc,
        'test/off.test.js': `const { spawnSync } = require('node:child_process');
const assert = require('node:assert');
it('has no cookie', () => {
  assert.strictEqual(spawnSync('sh', ['-c', 'printf %s "$REAPER_COOKIE"']).stdout.toString(), '');
});
`,
      },
    });
    expect(run.output).toContain('1 passing');
    expect(run.code).toBe(0);
    expectOffReport(run.report, !title.startsWith('no report'));
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
