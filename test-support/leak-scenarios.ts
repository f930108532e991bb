import type { Report } from '@reaper/core';
import { expect } from 'vitest';
import type { BddStyle } from './bdd-file.js';
import { findMarked, killMarked } from './processes.js';

/**
 * The leak corpus: every main way a test leaves a process behind (and the clean ways that must
 * pass), written once for every runner, each with what reaper must say of it: the processes' kind,
 * command and outcome, the scope that owns them, and the line each was spawned at.
 *
 * ## Writing a driver (one per runner, `packages/<runner>/test/<runner>.e2e.test.ts`)
 *
 * 1. **Write** the scenarios in the runner's syntax: `leakFiles(style)` gives the project's three
 *    test files: `leaks.test.js` (the tests, in a block and at the top level, and a block that
 *    cleans up after itself), `suite.test.js` (a block that leaks) and `clean.test.js` (one test
 *    that spawns and waits). `style` says the module format, where `describe`/`it` and the hooks
 *    come from (`imports`), the hooks' names (`hooks`: `beforeAll`/`afterAll` as Jest and Vitest,
 *    or `before`/`after` as Mocha and node:test), and how a test gets a longer timeout. A runner
 *    without `describe` defines it in `imports` in its own terms (AVA: a title prefix; node-tap:
 *    a subtest), and says what then owns a block's `beforeAll` (`suites`: a test, or the file,
 *    each suite scenario then in a file of its own) and whether it has `allow` (`allows`).
 *    Configure the adapter with `allow: [leakAllow]` (in the runner's config, a setup file or a
 *    preload) and a JSON report in `reaper-report.json`.
 * 2. **Run** the real runner on that project (installed from the packed tarballs:
 *    `test-support/packed.ts`), its output normalised as every harness does (pids `PID`,
 *    durations `N ms`, the project's path `<project>`).
 * 3. **Read** the results: `expectLeakRun(style, run, { failureOf, code?, sites?, order? })`
 *    checks what every runner must show: the exit code, the report's entries (scope, file, test,
 *    how many spawns, and each leaked process's kind, command, outcome, port and spawn site) and
 *    summary, the end-of-run line, each failing scope's headline and tree of processes, and that
 *    nothing is left running but the allowed helper (which it then ends). `failureOf(output,
 *    failure)` is the runner's own: the text it prints for one failing scope (`failureAt` serves
 *    a runner that prints the headline once). Then the driver checks what only its runner shows
 *    (pass marks, counts, code frames, stack lines) from `leakFailures` (what fails, and each
 *    leak's spawn: `siteOf(style, leak.at)`) and `leakPasses` (what passes); a driver whose style
 *    sets `suites` or `allows` takes them from `leakFailuresOf(style)` and `leakPassesOf(style)`.
 *
 * Drivers: `packages/jest/test/jest.e2e.test.ts`, `packages/vitest/test/vitest.e2e.test.ts`,
 * `packages/mocha/test/mocha.e2e.test.ts`, `packages/node-test/test/node-test.e2e.test.ts`,
 * `packages/playwright/test/playwright.e2e.test.ts`, `packages/ava/test/ava.e2e.test.ts`,
 * `packages/tap/test/tap.e2e.test.ts`. Adding a runner is then its adapter and a driver of a few
 * lines; adding a scenario is one entry below, which every driver runs.
 */

/** A process reaper must find left behind, and how it must end it. */
export interface ExpectedLeak {
  kind: 'child' | 'orphan' | 'descendant' | 'zombie';
  /** Its command line; a zombie's is gone (`[sleep]`), or, read while it still ran, its own. */
  command: string;
  outcome: 'terminated' | 'killed' | 'reaped' | 'allowed';
  /** The source text of its spawn in the scenario (a descendant's or a zombie's: its root's). */
  at: string;
  /** It listened on a TCP port (reported as `listening on :<port>`). */
  listening?: boolean;
}

export interface LeakScenario {
  title: string;
  /**
   * `test`: `body` is an async test's body. `suite`: `body` is a describe block's body, with hooks
   * named `beforeAll`/`afterAll` (renamed to the driver's) and `it` tests.
   */
  scope: 'test' | 'suite';
  body: string;
  /** What reaper finds left: none for a clean test. */
  leaks: readonly ExpectedLeak[];
  /** The block the test is in (its full title is `<block> > <title>`); none: at the file's top level. */
  block?: string;
  /** The file it is in: `leaks.test.js` unless given (a block's leak fails Jest's whole file). */
  file?: string;
  /** For a suite: its tests' titles (none spawns); its full titles are `<title> > <test>`. */
  tests?: readonly string[];
  /** Tests nested in this suite that spawn (each its own entry): full title to leaks. */
  nested?: readonly { test: string; leaks: readonly ExpectedLeak[] }[];
}

/** The command line every driver allows to outlive its test (`allow: [leakAllow]`). */
export const leakAllow = 'sleep 499';

const LISTEN = `require('net').createServer().listen(0, () => console.log('listening'))`;

/** In the order they run in `leaks.test.js`. */
export const leakScenarios: readonly LeakScenario[] = [
  {
    title: 'is clean when the test stops what it started',
    block: 'leaks',
    scope: 'test',
    body: `const child = spawn('sleep', ['300']);
    child.kill();
    await once(child, 'exit');`,
    leaks: [],
  },
  {
    title: 'is clean when it kills a child without waiting for it',
    block: 'leaks',
    scope: 'test',
    body: `spawn('sleep', ['300']).kill();`,
    leaks: [],
  },
  {
    title: 'leaks a direct child',
    block: 'leaks',
    scope: 'test',
    body: `spawn('sleep', ['401']);`,
    leaks: [{ kind: 'child', command: 'sleep 401', outcome: 'terminated', at: `spawn('sleep', ['401'])` }],
  },
  {
    title: 'leaks an sh -c orphan',
    block: 'leaks',
    scope: 'test',
    body: `spawnSync('sh', ['-c', 'sleep 402 >/dev/null 2>&1 &']);`,
    leaks: [{ kind: 'orphan', command: 'sleep 402', outcome: 'terminated', at: `spawnSync('sh'` }],
  },
  {
    title: 'leaks an execSync orphan',
    block: 'leaks',
    scope: 'test',
    body: `execSync('sleep 403 >/dev/null 2>&1 &');`,
    leaks: [{ kind: 'orphan', command: 'sleep 403', outcome: 'terminated', at: `execSync('sleep 403` }],
  },
  {
    title: 'leaks a child and an orphan',
    block: 'leaks',
    scope: 'test',
    body: `spawn('sleep', ['404']);
    execSync("sh -c 'sleep 405 >/dev/null 2>&1 &'");`,
    leaks: [
      { kind: 'child', command: 'sleep 404', outcome: 'terminated', at: `spawn('sleep', ['404'])` },
      { kind: 'orphan', command: 'sleep 405', outcome: 'terminated', at: `execSync("sh -c 'sleep 405` },
    ],
  },
  {
    title: 'leaks a setsid escape',
    block: 'leaks',
    scope: 'test',
    body: `spawnSync('setsid', ['--fork', 'sleep', '406'], { stdio: 'ignore' });`,
    leaks: [{ kind: 'orphan', command: 'sleep 406', outcome: 'terminated', at: `spawnSync('setsid'` }],
  },
  {
    title: 'leaks a setsid child in its own session',
    block: 'leaks',
    scope: 'test',
    body: `spawn('setsid', ['sleep', '407'], { detached: true, stdio: 'ignore' }).unref();`,
    leaks: [{ kind: 'orphan', command: 'sleep 407', outcome: 'terminated', at: `spawn('setsid'` }],
  },
  {
    title: 'leaks a child detached in its own group',
    block: 'leaks',
    scope: 'test',
    body: `spawn('sleep', ['408'], { detached: true, stdio: 'ignore' });`,
    leaks: [{ kind: 'child', command: 'sleep 408', outcome: 'terminated', at: `spawn('sleep', ['408']` }],
  },
  {
    title: 'leaks a zombie under a child that never reaps it',
    block: 'leaks',
    scope: 'test',
    // The child it forks exits well after the exec: a shell may reap a job that ends before.
    body: `const parent = spawn('sh', ['-c', 'sleep 0.2 & exec sleep 409']);
    await untilZombieUnder(parent.pid);`,
    leaks: [
      { kind: 'child', command: 'sleep 409', outcome: 'terminated', at: `spawn('sh', ['-c', 'sleep 0.2` },
      { kind: 'zombie', command: '[sleep]', outcome: 'reaped', at: `spawn('sh', ['-c', 'sleep 0.2` },
    ],
  },
  {
    title: 'leaks a child that ignores SIGTERM',
    block: 'leaks',
    scope: 'test',
    body: `const ignorer = spawn('sh', ['-c', "trap '' TERM; sleep 410 & wait"]);
    await untilRunningUnder(ignorer.pid, 'sleep 410');`,
    leaks: [
      {
        kind: 'child',
        command: "sh -c trap '' TERM; sleep 410 & wait",
        outcome: 'killed',
        at: `spawn('sh', ['-c', "trap`,
      },
      { kind: 'descendant', command: 'sleep 410', outcome: 'killed', at: `spawn('sh', ['-c', "trap` },
    ],
  },
  {
    title: 'leaks a server that holds a port',
    block: 'leaks',
    scope: 'test',
    body: `const server = spawn('node', ['-e', ${JSON.stringify(LISTEN)}]);
    await once(server.stdout, 'data');`,
    leaks: [
      {
        kind: 'child',
        command: `node -e ${LISTEN}`,
        outcome: 'terminated',
        at: `spawn('node'`,
        listening: true,
      },
    ],
  },
  {
    title: 'starts a helper it is allowed to leave running',
    block: 'leaks',
    scope: 'test',
    body: `spawn('sleep', ['499'], { stdio: 'ignore' }).unref();`,
    leaks: [{ kind: 'child', command: leakAllow, outcome: 'allowed', at: `spawn('sleep', ['499']` }],
  },
  { title: 'runs after the leaks, in the same block', block: 'leaks', scope: 'test', body: '', leaks: [] },
  {
    title: 'server',
    scope: 'suite',
    // The block's own server, stopped by its afterAll: the block's, and clean.
    body: `let server;
  beforeAll(() => {
    server = spawn('sleep', ['300']);
  });
  afterAll(async () => {
    server.kill();
    await once(server, 'exit');
  });
  describe('with cleanup in afterEach', () => {
    let child;
    afterEach(async () => {
      child.kill();
      await once(child, 'exit');
    });
    it('is clean', () => {
      child = spawn('sleep', ['300']);
    });
  });
  it('uses the server', () => {});`,
    tests: ['uses the server'],
    nested: [{ test: 'server > with cleanup in afterEach > is clean', leaks: [] }],
    leaks: [],
  },
  {
    title: 'database',
    file: 'suite.test.js',
    scope: 'suite',
    // Left running by the block's beforeAll: the block's leak, never its test's.
    body: `beforeAll(() => {
    spawn('sleep', ['411']);
  });
  it('is not blamed for its block', () => {});`,
    tests: ['is not blamed for its block'],
    leaks: [{ kind: 'child', command: 'sleep 411', outcome: 'terminated', at: `spawn('sleep', ['411'])` }],
  },
  {
    title: 'leaks a shell and its child, at the top level',
    scope: 'test',
    body: `spawn('sh', ['-c', 'sleep 412']);`,
    leaks: [
      {
        kind: 'child',
        command: 'sh -c sleep 412',
        outcome: 'terminated',
        at: `spawn('sh', ['-c', 'sleep 412'])`,
      },
      {
        kind: 'descendant',
        command: 'sleep 412',
        outcome: 'terminated',
        at: `spawn('sh', ['-c', 'sleep 412'])`,
      },
    ],
  },
];

/** The clean file's one test: it spawns and waits. */
export const cleanFileTest = 'is clean in a file of its own';

/** How a driver writes the files: `BddStyle`, and its runner's names for the block hooks. */
export interface LeakStyle extends BddStyle {
  /** `beforeAll`: `beforeAll`/`afterAll` (Jest, Vitest); `before`: `before`/`after` (Mocha, node:test). */
  hooks: 'beforeAll' | 'before';
  /**
   * What a suite scenario's own processes (its `beforeAll`'s) belong to, for a runner without a
   * suite scope. `test`: its block is a test with subtests (node-tap). `file`: the runner has no
   * blocks and its `before` hooks are the file's (AVA), so each suite scenario is a file of its
   * own (`<title>.test.js` unless it names one) and its `beforeAll` is that file's hook.
   * `suite` unless given.
   */
  suites?: 'suite' | 'test' | 'file';
  /** False for a runner whose adapter has no `allow` (node-tap): the allowed helper's scenario is left out. */
  allows?: false;
}

export const leakFile = 'leaks.test.js';
export const suiteFile = 'suite.test.js';
export const cleanFile = 'clean.test.js';

/** The style of the runners with describe blocks and a suite scope (Jest, Vitest, Mocha, node:test, Playwright). */
const BLOCKS: LeakStyle = { format: 'cjs', hooks: 'beforeAll' };

/** The scenarios a style writes: all, but the allowed helper's where the runner cannot allow one. */
const scenariosOf = (style: LeakStyle) =>
  leakScenarios.filter((s) => style.allows !== false || s.leaks.every((l) => l.outcome !== 'allowed'));

/** The file a scenario is in, in a style: a suite's own file where the runner has no blocks. */
const fileOf = (style: LeakStyle, s: LeakScenario) =>
  s.file ?? (s.scope === 'suite' && style.suites === 'file' ? `${s.title}.test.js` : leakFile);

/** The scope that owns a scenario's own processes, in a style. */
const scopeOf = (style: LeakStyle, s: LeakScenario): LeakFailure['scope'] =>
  s.scope === 'suite' ? (style.suites ?? 'suite') : 'test';

const TIMEOUT_MS = 20_000;

/**
 * The imports, `untilZombieUnder(pid)`: waits (10 s at most) until a child of `pid` has exited and
 * waits, unreaped, for it; `untilRunningUnder(pid, command)`: until a child of `pid` runs `command`.
 */
function prelude(format: 'cjs' | 'esm'): string {
  // Plain `child_process`: Jest 24 does not know the `node:` prefix.
  const imports =
    format === 'cjs'
      ? `const { spawn, spawnSync, execSync } = require('child_process');\nconst { once } = require('events');\nconst { readFileSync } = require('fs');`
      : `import { spawn, spawnSync, execSync } from 'node:child_process';\nimport { once } from 'node:events';\nimport { readFileSync } from 'node:fs';`;
  return `${imports}
const isZombie = (pid) => readFileSync(\`/proc/\${pid}/stat\`, 'latin1').split(') ')[1].startsWith('Z');
const commandOf = (pid) => readFileSync(\`/proc/\${pid}/cmdline\`, 'latin1').split('\\0').join(' ').trim();
const untilChild = async (pid, ok, what) => {
  for (let waited = 0; waited < 10000; waited += 20) {
    try {
      const children = readFileSync(\`/proc/\${pid}/task/\${pid}/children\`, 'utf8').trim().split(' ');
      if (children.some((child) => child && ok(child))) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(\`no \${what} in 10 s\`);
};
const untilZombieUnder = (pid) => untilChild(pid, isZombie, 'zombie');
const untilRunningUnder = (pid, command) => untilChild(pid, (child) => commandOf(child) === command, command);
`;
}

function open(style: LeakStyle, title: string): string {
  return style.timeout === 'mocha'
    ? `describe(${JSON.stringify(title)}, function () {\n  this.timeout(${TIMEOUT_MS});`
    : `describe(${JSON.stringify(title)}, () => {`;
}

function test(style: LeakStyle, title: string, body: string, indent: string): string {
  const extra = style.timeout === 'argument' ? `, ${TIMEOUT_MS}` : '';
  const fn = style.timeout === 'mocha' && !indent ? 'async function ()' : 'async () =>';
  const timeout = style.timeout === 'mocha' && !indent ? `\n  this.timeout(${TIMEOUT_MS});` : '';
  return `${indent}it(${JSON.stringify(title)}, ${fn} {${timeout}\n${indent}  ${body}\n${indent}}${extra});`;
}

/**
 * The project's test files, in the driver's style: `leaks.test.js` (the tests, in a block and at
 * the top level, and a block that cleans up), `suite.test.js` (a block that leaks) and
 * `clean.test.js` (one test that spawns and waits).
 */
export function leakFiles(style: LeakStyle): Record<string, string> {
  const head = `${prelude(style.format)}${style.imports ?? ''}\n`;
  const files: Record<string, string> = {};
  const scenarios = scenariosOf(style);
  for (const file of new Set(scenarios.map((s) => fileOf(style, s)))) {
    files[file] = `${head}\n${blocksOf(
      style,
      scenarios.filter((s) => fileOf(style, s) === file),
    )}\n`;
  }
  files[cleanFile] = `${head}\n${test(style, cleanFileTest, `await once(spawn('true'), 'exit');`, '')}\n`;
  return files;
}

function blocksOf(style: LeakStyle, scenarios: readonly LeakScenario[]): string {
  const rename = (text: string) =>
    style.hooks === 'before'
      ? text.replace(/\bbeforeAll\(/g, 'before(').replace(/\bafterAll\(/g, 'after(')
      : text;
  const parts: string[] = [];
  let block: string | undefined;
  for (const s of scenarios) {
    if (block && s.block !== block) {
      parts.push('});');
      block = undefined;
    }
    if (s.scope === 'suite') {
      parts.push(`${open(style, s.title)}\n  ${rename(s.body)}\n});`);
      continue;
    }
    if (s.block && s.block !== block) {
      parts.push(open(style, s.block));
      block = s.block;
    }
    parts.push(test(style, s.title, s.body, block ? '  ' : ''));
  }
  if (block) parts.push('});');
  return parts.join('\n');
}

/** `leaks.test.js:12:5`: where `at` is in the file (1-based line and column). */
export function siteOf(style: LeakStyle, at: string): string {
  const found = Object.entries(leakFiles(style)).filter(([, text]) => text.includes(at));
  const [file, text] = found[0] ?? ['', ''];
  const index = text.indexOf(at);
  if (found.length !== 1 || text.indexOf(at, index + 1) >= 0)
    throw new Error(`'${at}' is not once in the files`);
  const before = text.slice(0, index);
  return `${file}:${before.split('\n').length}:${index - before.lastIndexOf('\n')}`;
}

/** The source line a site points at (for a runner's code frame). */
export function sourceLineOf(style: LeakStyle, at: string): string {
  const [file, line] = siteOf(style, at).split(':');
  return leakFiles(style)[file!]!.split('\n')[Number(line) - 1]!;
}

const fullTitle = (s: LeakScenario) => (s.block ? `${s.block} > ${s.title}` : s.title);
const counted = (leaks: readonly ExpectedLeak[]) => leaks.filter((l) => l.outcome !== 'allowed');

/** A scope that fails: its full title, and what it leaked. */
export interface LeakFailure {
  /** `file`: a suite scenario where the runner has no blocks (its report's `test` is null). */
  scope: 'test' | 'suite' | 'file';
  /** The full title (`leaks > leaks a direct child`, `database`). */
  test: string;
  /** Its own title (the last part of `test`). */
  title: string;
  file: string;
  /** For a suite, its last test (runners name a block's failure by it). */
  lastTest?: string;
  leaks: readonly ExpectedLeak[];
}

/** Every scope that fails in a style, in the file's order. */
export function leakFailuresOf(style: LeakStyle): readonly LeakFailure[] {
  return scenariosOf(style)
    .filter((s) => counted(s.leaks).length > 0)
    .map((s) => ({
      scope: scopeOf(style, s),
      test: fullTitle(s),
      title: s.title,
      file: fileOf(style, s),
      lastTest: s.tests?.at(-1),
      leaks: s.leaks,
    }));
}

/** Every scope that fails, in the file's order (where the runner has blocks and a suite scope). */
export const leakFailures: readonly LeakFailure[] = leakFailuresOf(BLOCKS);

/** `text` as a regular expression that matches it literally. */
export function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `reaper: 2 processes outlived test "leaks > leaks a child and an orphan"` (or `… outlived file
 * suite.test.js`): how a failure starts.
 */
export function headlineOf(failure: LeakFailure): string {
  const n = counted(failure.leaks).length;
  const scope = failure.scope === 'file' ? `file ${failure.file}` : `${failure.scope} "${failure.test}"`;
  return `reaper: ${n} ${n === 1 ? 'process' : 'processes'} outlived ${scope}`;
}

/** A runner's output from the line where a failure's headline first is ('' when it is not there). */
export function failureAt(output: string, failure: LeakFailure): string {
  const index = output.indexOf(headlineOf(failure));
  return index < 0 ? '' : output.slice(output.lastIndexOf('\n', index) + 1);
}

/** Every test that passes in a style (its full title, and its file), the clean file's too. */
export function leakPassesOf(style: LeakStyle): readonly { test: string; file: string }[] {
  return [
    ...scenariosOf(style).flatMap((s) =>
      (s.scope === 'suite'
        ? [...(s.nested ?? []).map((n) => n.test), ...(s.tests ?? []).map((t) => `${s.title} > ${t}`)]
        : counted(s.leaks).length === 0
          ? [fullTitle(s)]
          : []
      ).map((test) => ({ test, file: fileOf(style, s) })),
    ),
    { test: cleanFileTest, file: cleanFile },
  ];
}

/** Every test that passes (where the runner has blocks and a suite scope). */
export const leakPasses: readonly { test: string; file: string }[] = leakPassesOf(BLOCKS);

/** One report entry as `scope file test: spawned | kind command outcome site, …`. */
export function describeEntry(
  e: Report['entries'][number],
  sites: (site: string) => string = (site) => site,
): string {
  const leaked = e.leaked
    .map(
      (p) =>
        `${p.kind} ${p.kind === 'zombie' ? '[sleep]' : p.command} ${p.outcome}${p.listening.length > 0 ? ' listening' : ''} ${sites(p.spawnedAt ?? '-')}`,
    )
    .sort();
  return `${e.scope} ${e.file} ${e.test}: ${e.spawned.length} | ${leaked.join(', ')}`;
}

/** The entries the report must have, in the order the scopes close (nested before their block). */
export function expectedEntries(
  style: LeakStyle,
  sites: (site: string) => string = (site) => site,
): string[] {
  const line = (scope: string, file: string, test: string, spawned: number, leaks: readonly ExpectedLeak[]) =>
    `${scope} ${file} ${test}: ${spawned} | ${leaks
      .map(
        (l) =>
          `${l.kind} ${l.command} ${l.outcome}${l.listening ? ' listening' : ''} ${sites(siteOf(style, l.at))}`,
      )
      .sort()
      .join(', ')}`;
  const lines: string[] = [];
  for (const s of scenariosOf(style)) {
    const file = fileOf(style, s);
    for (const n of s.nested ?? []) lines.push(line('test', file, n.test, 1, n.leaks));
    // Each scenario spawns once per root it leaks, and clean ones once (the passing empty test: never).
    const roots = new Set(s.leaks.filter((l) => l.kind === 'child' || l.kind === 'orphan').map((l) => l.at));
    const spawned = s.body.includes('spawn') || s.body.includes('exec') ? Math.max(roots.size, 1) : 0;
    const scope = scopeOf(style, s);
    // A file's scope has no test: its report's `test` is null.
    if (spawned > 0)
      lines.push(line(scope, file, scope === 'file' ? 'null' : fullTitle(s), spawned, s.leaks));
  }
  lines.push(line('test', cleanFile, cleanFileTest, 1, []));
  return lines;
}

/**
 * The end-of-run line reaper prints (`reaper: 11 tests and 1 suite leaked …`); given a file, the
 * line of that file's own failures.
 */
export function expectedSummaryLine(style: LeakStyle = BLOCKS, file?: string): string {
  const failures = leakFailuresOf(style).filter((f) => file === undefined || f.file === file);
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
  const who = (['test', 'suite', 'file'] as const)
    .map((scope) => [scope, failures.filter((f) => f.scope === scope).length] as const)
    .filter(([, n]) => n > 0)
    .map(([scope, n]) => plural(n, scope))
    .join(', ')
    .replace(/, ([^,]*)$/, ' and $1');
  const processes = failures.reduce((n, f) => n + counted(f.leaks).length, 0);
  return `reaper: ${who} leaked ${plural(processes, 'process')} — all reaped; report: <project>/reaper-report.json`;
}

/** The report's summary. */
export function expectedSummary(style: LeakStyle = BLOCKS): Report['summary'] {
  const entries = expectedEntries(style).length;
  const failures = leakFailuresOf(style);
  const all = scenariosOf(style).flatMap((s) => s.leaks);
  return {
    scopes: entries,
    leakedScopes: failures.length,
    leakedProcesses: counted(all).length,
    escaped: 0,
    allowed: all.length - counted(all).length,
  };
}

/**
 * The failure's headline and tree as reaper prints them, without the runner's indentation:
 * `reaper: 2 processes outlived test "…"`, `in leaks.test.js`, `├─ PID sleep 404  (child) …`.
 */
export function expectedTree(
  style: LeakStyle,
  failure: LeakFailure,
  sites: (site: string) => string = (s) => s,
): string[] {
  // A file's headline names it: no line says which file it is in.
  const lines =
    failure.scope === 'file' ? [headlineOf(failure)] : [headlineOf(failure), `in ${failure.file}`];
  const roots = failure.leaks.filter((l) => l.kind === 'child' || l.kind === 'orphan');
  for (const [i, root] of roots.entries()) {
    const last = i === roots.length - 1;
    const ended = (l: ExpectedLeak) =>
      `${l.listening ? 'listening on :PORT, ' : ''}${l.outcome === 'killed' ? 'killed by SIGKILL' : l.outcome === 'reaped' ? 'reaped' : 'terminated by SIGTERM'} in N ms`;
    lines.push(
      `${last ? '└─' : '├─'} PID ${root.command}  (${root.kind}) ${ended(root)}, spawned at ${sites(siteOf(style, root.at))}`,
    );
    const below = failure.leaks.filter(
      (l) => (l.kind === 'descendant' || l.kind === 'zombie') && l.at === root.at,
    );
    for (const [j, l] of below.entries()) {
      lines.push(
        `${last ? '   ' : '│  '}${j === below.length - 1 ? '└─' : '├─'} PID ${l.command}  (${l.kind}) ${ended(l)}`,
      );
    }
  }
  return lines;
}

/**
 * The headline and tree in a runner's failure text, dedented: the line with `reaper: `, from where
 * `reaper:` starts, and the lines after it that belong to the tree, less their common indentation.
 * A zombie's command read while it still ran (`sleep 0.2`) reads `[sleep]`; a port, `:PORT`.
 */
export function treeIn(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes('reaper: '));
  if (start < 0) return [];
  const tree: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!/^\s*(in |├─|└─|│)/.test(l)) break;
    tree.push(l);
  }
  const indent = Math.min(...tree.map((l) => /^\s*/.exec(l)![0].length));
  return [lines[start]!.slice(lines[start]!.indexOf('reaper: ')), ...tree.map((l) => l.slice(indent))].map(
    (l) =>
      l
        .replace(/sleep [\d.]+ {2}\(zombie\)/, '[sleep]  (zombie)')
        .replace(/listening on :\d+/, 'listening on :PORT'),
  );
}

export interface LeakRun {
  code: number | null;
  output: string;
  report: Report | undefined;
}

export interface LeakExpectations {
  /** The runner's failure text for one failing scope ('' when it printed none). */
  failureOf: (output: string, failure: LeakFailure) => string;
  /** The exit code the runner ends with when tests fail (Mocha: the number of failures). */
  code?: number;
  /** A site as this runner reports it (Vitest 4.0: without its column). */
  sites?: (site: string) => string;
  /**
   * Also compare `leaks.test.js`'s entries in the order they closed, as this runner orders them
   * (given the corpus's order; files themselves may run in any order).
   */
  order?: (expected: string[]) => string[];
  /**
   * `file`: the end-of-run line is printed by each file that leaked, of its own failures (AVA: no
   * process of its sees the run end). `run` unless given: one line for the whole run.
   */
  summary?: 'run' | 'file';
}

/**
 * What every runner's run of the corpus must show; then ends the allowed helper. Each driver
 * checks its runner's own output after it (passes, counts, code frames).
 */
export function expectLeakRun(style: LeakStyle, run: LeakRun, options: LeakExpectations): void {
  const sites = options.sites ?? ((site: string) => site);
  const allowed = (run.report?.entries ?? []).flatMap((e) =>
    e.leaked.filter((p) => p.outcome === 'allowed').map((p) => p.pid),
  );
  try {
    expect(run.code).toBe(options.code ?? 1);
    const actual = (run.report?.entries ?? []).map((e) => describeEntry(e, sites));
    const expected = expectedEntries(style, sites);
    const inLeakFile = (lines: string[]) => lines.filter((l) => l.split(' ')[1] === leakFile);
    if (options.order) expect(inLeakFile(actual)).toEqual(options.order(inLeakFile(expected)));
    expect([...actual].sort()).toEqual([...expected].sort());
    expect(run.report?.summary).toEqual(expectedSummary(style));
    const files =
      options.summary === 'file' ? new Set(leakFailuresOf(style).map((f) => f.file)) : [undefined];
    for (const file of files) expect(run.output).toContain(expectedSummaryLine(style, file));
    for (const failure of leakFailuresOf(style)) {
      expect(treeIn(sites(options.failureOf(run.output, failure))), failure.test).toEqual(
        expectedTree(style, failure, sites),
      );
    }
    // The allowed helper is left alive, as asked; nothing else is.
    expect(findMarked().sort()).toEqual(allowed.sort());
  } finally {
    killMarked();
  }
}
