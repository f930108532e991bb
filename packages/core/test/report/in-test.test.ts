import { describe, expect, it } from 'vitest';
import { formatResult, type LeakedProcess, type ScopeResult } from '../../src/index.js';
import type { Scope } from '../../src/realm.js';
import { declarationOf } from '../../src/scope/declared.js';

// A leaked process whose spawn site has no frame in the test file names the test's declaration.

const leak = (pid: number, spawnedAt: string | null, calledFrom: string | null): LeakedProcess => ({
  pid,
  ppid: 1,
  command: `sleep ${pid}`,
  kind: 'child',
  spawnedAt,
  calledFrom,
  startedAt: 0,
  listening: [],
  outcome: 'terminated',
  signal: 'SIGTERM',
  elapsedMs: 3,
});

const result = (scope: ScopeResult['scope'], leaked: LeakedProcess[]): ScopeResult => ({
  file: 'test/watch.test.js',
  test: scope === 'test' ? 'watch > restarts' : null,
  scope,
  startedAt: 0,
  endedAt: 0,
  spawned: [],
  leaked,
});

describe('formatResult with the test declaration', () => {
  const leaked = [
    leak(301, null, null),
    leak(302, 'test/helpers.js:8:3', null),
    leak(303, 'test/helpers.js:8:3', 'test/watch.test.js:20:5'),
    leak(304, 'test/watch.test.js:14:3', null),
    leak(305, 'test/watch.test.js.bak:14:3', null),
  ];

  it('names the test where the site has no frame in the test file, and only there', () => {
    expect(formatResult(result('test', leaked), 'test/watch.test.js:12')).toBe(
      [
        'reaper: 5 processes outlived test "watch > restarts"',
        '  in test/watch.test.js',
        '  ├─ 301 sleep 301  (child) terminated by SIGTERM in 3 ms, spawned in test "watch > restarts" (test/watch.test.js:12)',
        '  ├─ 302 sleep 302  (child) terminated by SIGTERM in 3 ms, spawned at test/helpers.js:8:3 in test "watch > restarts" (test/watch.test.js:12)',
        '  ├─ 303 sleep 303  (child) terminated by SIGTERM in 3 ms, spawned at test/helpers.js:8:3 via test/watch.test.js:20:5',
        '  ├─ 304 sleep 304  (child) terminated by SIGTERM in 3 ms, spawned at test/watch.test.js:14:3',
        '  └─ 305 sleep 305  (child) terminated by SIGTERM in 3 ms, spawned at test/watch.test.js.bak:14:3 in test "watch > restarts" (test/watch.test.js:12)',
      ].join('\n'),
    );
  });

  it('adds nothing without a declaration, or for a scope that is not a test', () => {
    const without = formatResult(result('test', leaked));
    expect(without).not.toContain(' in test ');
    expect(without).toContain('├─ 301 sleep 301  (child) terminated by SIGTERM in 3 ms\n');
    expect(formatResult(result('file', leaked), 'test/watch.test.js:12')).not.toContain(' in test ');
  });
});

describe('declarationOf', () => {
  const root = '/repo';
  const scope = (declaredAt: Scope['declaredAt'], kind: Scope['kind'] = 'test') =>
    ({ kind, file: 'test/watch.test.js', declaredAt }) as Scope;

  it('a line the runner gave', () => {
    expect(declarationOf(scope(12), root)).toBe('test/watch.test.js:12');
  });

  it("a stack's first frame in the test file, read from the stack taken at the declaration", () => {
    const stack = [
      'Error',
      '    at wrap (/repo/node_modules/runner/index.js:3:9)',
      '    at Object.<anonymous> (/repo/test/watch.test.js:12:1)',
      '    at Object.<anonymous> (/repo/test/watch.test.js:40:1)',
    ].join('\n');
    expect(
      declarationOf(
        scope(() => stack),
        root,
      ),
    ).toBe('test/watch.test.js:12');
  });

  it('the file alone where the runner gave no line, or its stack has no frame in the file', () => {
    expect(declarationOf(scope(undefined), root)).toBe('test/watch.test.js');
    expect(
      declarationOf(
        scope(() => 'Error\n    at x (/repo/other.js:1:1)'),
        root,
      ),
    ).toBe('test/watch.test.js');
    expect(
      declarationOf(
        scope(() => {
          throw new Error('no stack');
        }),
        root,
      ),
    ).toBe('test/watch.test.js');
  });

  it('nothing for a scope that is not a test', () => {
    expect(declarationOf(scope(12, 'suite'), root)).toBeNull();
  });
});
