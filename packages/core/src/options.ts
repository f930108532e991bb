import { SETTING_VARS } from './env.js';
import { describeValue, ReaperOptionError } from './errors.js';
import type { ProcessInfo } from './table/types.js';

export type Mode = 'fail' | 'warn' | 'off';

/** What a matcher of `allow` is called with. */
export interface AllowCandidate {
  pid: number;
  ppid: number;
  /** The command line, argv joined by spaces. */
  command: string;
  argv: readonly string[];
  kind: 'child' | 'descendant' | 'orphan' | 'zombie';
}

/** A string matches a substring of the command line; a RegExp is tested against it. */
export type AllowMatcher = string | RegExp | ((process: AllowCandidate) => boolean);

export interface ReaperOptions {
  /**
   * `'fail'`: a leak fails its test; `'warn'`: reaped and reported, the test passes; `'off'`: the
   * hook is not installed.
   * @default 'fail'
   */
  mode?: Mode;
  /**
   * How long to wait for processes that are already exiting before calling them a leak.
   * @default 100
   */
  settleMs?: number;
  /**
   * SIGTERM → SIGKILL.
   * @default 1000
   */
  graceMs?: number;
  /**
   * SIGKILL → declared `escaped`.
   * @default 1000
   */
  killWaitMs?: number;
  /**
   * Processes allowed to outlive their test; they are reported as `allowed` and not signalled.
   * @default []
   */
  allow?: AllowMatcher[];
  /** Where the JSON report is written at the end of the run. */
  outputFile?: string;
  /** Where the HTML picture of the run is written at the end of the run. */
  htmlFile?: string;
}

export interface ResolvedOptions {
  mode: Mode;
  settleMs: number;
  graceMs: number;
  killWaitMs: number;
  allow: AllowMatcher[];
  outputFile: string | undefined;
  htmlFile: string | undefined;
}

export const defaultOptions: Readonly<ResolvedOptions> = Object.freeze({
  mode: 'fail',
  settleMs: 100,
  graceMs: 1000,
  killWaitMs: 1000,
  allow: [],
  outputFile: undefined,
  htmlFile: undefined,
});

const MODES: readonly Mode[] = ['fail', 'warn', 'off'];
const DURATIONS = ['settleMs', 'graceMs', 'killWaitMs'] as const;

const FILES = ['outputFile', 'htmlFile'] as const;
const KNOWN = new Set(['mode', 'settleMs', 'graceMs', 'killWaitMs', 'allow', ...FILES]);

export interface ResolveOptionsSettings {
  /** Environment to read overrides from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Options given explicitly on a command line (`reaper run --mode fail`): they win over the
   * environment, which wins over `input` (a config file's options). Validated like `input`.
   */
  explicit?: ReaperOptions;
  /** Extra option names an adapter accepts on top of the shared ones; they are left unvalidated. */
  extraKeys?: readonly string[];
  /** Names the source in errors, e.g. `@reaper/jest/reporter`. */
  source?: string;
}

/**
 * Validates user options and fills defaults. Precedence: `settings.explicit` (a command-line flag) >
 * environment variable > `input` (config) > default. Throws a `ReaperOptionError` that names the
 * option, its value and type, and what is expected.
 */
export function resolveOptions(input: unknown = {}, settings: ResolveOptionsSettings = {}): ResolvedOptions {
  const env = settings.env ?? process.env;
  const where = settings.source ? ` (${settings.source})` : '';
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ReaperOptionError(
      `Expected reaper options${where} to be an object, got ${describeValue(input)}.`,
    );
  }
  const raw = input as Record<string, unknown>;
  const extra = new Set(settings.extraKeys ?? []);
  for (const key of Object.keys(raw)) {
    if (!KNOWN.has(key) && !extra.has(key)) {
      throw new ReaperOptionError(
        `Unknown reaper option \`${key}\`${where}. Expected one of: ${[...KNOWN, ...extra].join(', ')}.`,
      );
    }
  }

  const explicit = (settings.explicit ?? {}) as Record<string, unknown>;
  const resolved: ResolvedOptions = { ...defaultOptions, allow: [] };
  // Lowest first: config option, then environment, then an explicit flag.
  const layers = (key: keyof typeof SETTING_VARS, what: string) => {
    const out: Array<{ value: unknown; what: string; fromEnv: boolean }> = [];
    if (raw[key] !== undefined)
      out.push({ value: raw[key], what: `\`${key}\` option${where}`, fromEnv: false });
    const text = env[SETTING_VARS[key]];
    if (text !== undefined && text !== '') {
      out.push({ value: text, what: `\`${SETTING_VARS[key]}\` environment variable`, fromEnv: true });
    }
    if (explicit[key] !== undefined)
      out.push({ value: explicit[key], what: `${what}${where}`, fromEnv: false });
    return out;
  };

  for (const { value, what } of layers('mode', '`mode` option')) resolved.mode = validateMode(value, what);
  for (const key of DURATIONS) {
    for (const { value, what, fromEnv } of layers(key, `\`${key}\` option`)) {
      resolved[key] = validateDuration(fromEnv ? parseMs(String(value)) : value, what, value);
    }
  }
  if (raw.allow !== undefined) resolved.allow = validateAllow(raw.allow, where);
  for (const key of FILES) {
    for (const { value, what } of layers(key, `\`${key}\` option`)) resolved[key] = validateFile(value, what);
  }
  return resolved;
}

function validateMode(value: unknown, what: string): Mode {
  if (typeof value === 'string' && (MODES as readonly string[]).includes(value)) return value as Mode;
  throw new ReaperOptionError(
    `Expected the ${what} to be one of 'fail', 'warn', 'off', got ${describeValue(value)}.`,
  );
}

function validateDuration(value: unknown, what: string, given: unknown = value): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new ReaperOptionError(
    `Expected the ${what} to be a non-negative integer (milliseconds), got ${describeValue(given)}.`,
  );
}

/** Digits only (`"500"`, `" 500 "`): anything else is NaN, refused by validateDuration. */
function parseMs(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

function validateFile(value: unknown, what: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new ReaperOptionError(
    `Expected the ${what} to be a non-empty string (a file path), got ${describeValue(value)}.`,
  );
}

/** `'1'`/`'0'` switches; anything else is refused, naming the variable. */
function readSwitch(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (value === '1') return true;
  if (value === '0') return false;
  throw new ReaperOptionError(
    `Expected the \`${name}\` environment variable to be '1' or '0', got ${describeValue(value)}.`,
  );
}

/** The two environment-only switches (docs/options.md). */
export interface Switches {
  /** `REAPER_STRICT_SERVICES=1`: library services belong to the test that started them. */
  strictServices: boolean;
  /** `REAPER_SUBREAPER=0` keeps the worker from becoming a child subreaper (koffi). */
  subreaper: boolean;
  /** `REAPER_PIDFD=0` keeps the ladder from using pidfds (koffi): it signals by pid and polls /proc. */
  pidfd: boolean;
}

export function readSwitches(env: NodeJS.ProcessEnv = process.env): Switches {
  return {
    strictServices: readSwitch(env, SETTING_VARS.strictServices, false),
    subreaper: readSwitch(env, SETTING_VARS.subreaper, true),
    pidfd: readSwitch(env, SETTING_VARS.pidfd, true),
  };
}

function validateAllow(value: unknown, where: string): AllowMatcher[] {
  if (!Array.isArray(value)) {
    throw new ReaperOptionError(
      `Expected the \`allow\` option${where} to be an array of strings, RegExps or functions, got ${describeValue(value)}.`,
    );
  }
  value.forEach((matcher, index) => {
    const ok =
      (typeof matcher === 'string' && matcher !== '') ||
      matcher instanceof RegExp ||
      typeof matcher === 'function';
    if (!ok) {
      throw new ReaperOptionError(
        `Expected \`allow[${index}]\`${where} to be a non-empty string, a RegExp or a function, got ${describeValue(matcher)}.`,
      );
    }
  });
  return [...value] as AllowMatcher[];
}

/** Whether an `allow` matcher lets this process outlive its scope. */
export function isAllowed(allow: readonly AllowMatcher[], candidate: AllowCandidate): boolean {
  for (const matcher of allow) {
    if (typeof matcher === 'string') {
      if (candidate.command.includes(matcher)) return true;
    } else if (matcher instanceof RegExp) {
      matcher.lastIndex = 0;
      if (matcher.test(candidate.command)) return true;
    } else if (matcher(candidate)) {
      return true;
    }
  }
  return false;
}

export function commandOf(info: Pick<ProcessInfo, 'argv' | 'comm'>): string {
  return info.argv.length > 0 ? info.argv.join(' ') : `[${info.comm}]`;
}

export type ProcessTableChoice = 'proc' | 'ps';

/**
 * `REAPER_PROCESS_TABLE=proc|ps`: which process table backend this process uses (default: `proc`
 * on Linux, `ps` elsewhere). An environment variable only, not a config option: the table is one
 * per process and is made at the first recorded spawn, and each worker inherits the variable.
 */
export function processTableChoice(env: NodeJS.ProcessEnv = process.env): ProcessTableChoice | undefined {
  const value = env[SETTING_VARS.processTable];
  if (value === undefined || value === '') return undefined;
  if (value === 'proc' || value === 'ps') return value;
  throw new ReaperOptionError(
    `Expected the \`REAPER_PROCESS_TABLE\` environment variable to be 'proc' or 'ps', got ${describeValue(value)}.`,
  );
}
