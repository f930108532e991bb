import { describe, expect, it } from 'vitest';
import { defaultOptions, isAllowed, readSwitches, resolveOptions } from '../src/options.js';

describe('resolveOptions', () => {
  it('fills the documented defaults', () => {
    expect(resolveOptions({}, { env: {} })).toEqual({
      mode: 'fail',
      settleMs: 100,
      graceMs: 1000,
      killWaitMs: 1000,
      allow: [],
      outputFile: undefined,
      htmlFile: undefined,
    });
    expect(resolveOptions(undefined, { env: {} })).toEqual(defaultOptions);
  });

  it('lets environment variables override config', () => {
    const env = {
      REAPER_MODE: 'warn',
      REAPER_SETTLE_MS: '5',
      REAPER_GRACE_MS: '20',
      REAPER_KILL_WAIT_MS: '30',
      REAPER_REPORT: 'out.json',
      REAPER_HTML: 'out.html',
    };
    expect(resolveOptions({ mode: 'fail', graceMs: 1, outputFile: 'x.json' }, { env })).toMatchObject({
      mode: 'warn',
      settleMs: 5,
      graceMs: 20,
      killWaitMs: 30,
      outputFile: 'out.json',
      htmlFile: 'out.html',
    });
  });

  it('lets an explicit flag override the environment: flag > environment > config > default', () => {
    const env = { REAPER_MODE: 'warn', REAPER_GRACE_MS: '20' };
    expect(resolveOptions({ mode: 'off', graceMs: 1 }, { env, explicit: { mode: 'fail' } })).toMatchObject({
      mode: 'fail',
      graceMs: 20,
    });
    expect(resolveOptions({ mode: 'off' }, { env, explicit: {} }).mode).toBe('warn');
    expect(resolveOptions({ mode: 'off' }, { env: {} }).mode).toBe('off');
    expect(() => resolveOptions({}, { env: {}, explicit: { graceMs: -5 }, source: 'reaper run' })).toThrow(
      'Expected the `graceMs` option (reaper run) to be a non-negative integer (milliseconds), got `-5` (number).',
    );
  });

  it('reads the environment-only switches, refusing anything but 1 or 0', () => {
    expect(readSwitches({})).toEqual({ strictServices: false, subreaper: true, pidfd: true });
    expect(readSwitches({ REAPER_STRICT_SERVICES: '1', REAPER_SUBREAPER: '0', REAPER_PIDFD: '0' })).toEqual({
      strictServices: true,
      subreaper: false,
      pidfd: false,
    });
    expect(() => readSwitches({ REAPER_SUBREAPER: 'no' })).toThrow(
      "Expected the `REAPER_SUBREAPER` environment variable to be '1' or '0', got `\"no\"` (string).",
    );
  });

  it('refuses wrong options, naming the option, the value, its type and what is expected', () => {
    const error = (input: unknown, env: NodeJS.ProcessEnv = {}) => {
      try {
        resolveOptions(input, { env });
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
      throw new Error('expected an error');
    };
    expect(error({ graceMs: -1 })).toMatchInlineSnapshot(
      `"ReaperOptionError: Expected the \`graceMs\` option to be a non-negative integer (milliseconds), got \`-1\` (number)."`,
    );
    expect(error({ settleMs: '100' })).toMatchInlineSnapshot(
      `"ReaperOptionError: Expected the \`settleMs\` option to be a non-negative integer (milliseconds), got \`"100"\` (string)."`,
    );
    expect(error({ mode: 'strict' })).toMatchInlineSnapshot(
      `"ReaperOptionError: Expected the \`mode\` option to be one of 'fail', 'warn', 'off', got \`"strict"\` (string)."`,
    );
    expect(error({ allow: 'sleep' })).toMatchInlineSnapshot(
      `"ReaperOptionError: Expected the \`allow\` option to be an array of strings, RegExps or functions, got \`"sleep"\` (string)."`,
    );
    expect(error({ allow: ['ok', 3] })).toMatchInlineSnapshot(
      `"ReaperOptionError: Expected \`allow[1]\` to be a non-empty string, a RegExp or a function, got \`3\` (number)."`,
    );
    expect(error({ outputFile: '' })).toMatchInlineSnapshot(
      `"ReaperOptionError: Expected the \`outputFile\` option to be a non-empty string (a file path), got \`""\` (string)."`,
    );
    expect(error({ graceMS: 10 })).toMatchInlineSnapshot(
      `"ReaperOptionError: Unknown reaper option \`graceMS\`. Expected one of: mode, settleMs, graceMs, killWaitMs, allow, outputFile, htmlFile."`,
    );
    expect(error(42)).toMatchInlineSnapshot(
      `"ReaperOptionError: Expected reaper options to be an object, got \`42\` (number)."`,
    );
    expect(error({}, { REAPER_GRACE_MS: '1.5s' })).toMatchInlineSnapshot(
      `"ReaperOptionError: Expected the \`REAPER_GRACE_MS\` environment variable to be a non-negative integer (milliseconds), got \`"1.5s"\` (string)."`,
    );
    expect(error({}, { REAPER_MODE: 'loud' })).toMatchInlineSnapshot(
      `"ReaperOptionError: Expected the \`REAPER_MODE\` environment variable to be one of 'fail', 'warn', 'off', got \`"loud"\` (string)."`,
    );
  });

  it('names the source and accepts an adapter’s extra keys', () => {
    expect(() => resolveOptions({ graceMs: null }, { env: {}, source: '@reaper/jest/reporter' })).toThrow(
      'Expected the `graceMs` option (@reaper/jest/reporter) to be a non-negative integer (milliseconds), got `null`.',
    );
    expect(resolveOptions({ rootDir: '/x' }, { env: {}, extraKeys: ['rootDir'] }).mode).toBe('fail');
  });
});

describe('isAllowed', () => {
  const candidate = {
    pid: 1,
    ppid: 0,
    command: 'esbuild --service=0.25 --ping',
    argv: [],
    kind: 'child' as const,
  };
  it('matches a substring, a RegExp or a predicate', () => {
    expect(isAllowed(['--service='], candidate)).toBe(true);
    expect(isAllowed([/^esbuild\b/g], candidate)).toBe(true);
    expect(isAllowed([/^esbuild\b/g], candidate)).toBe(true);
    expect(isAllowed([(p) => p.kind === 'orphan'], candidate)).toBe(false);
    expect(isAllowed(['sleep'], candidate)).toBe(false);
  });
});
