import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RunnerName } from '../report/types.js';

/** A runner an adapter supports, and the majors it was tested on. */
export interface RunnerSupport {
  /** The runner's name in reports: `jest`. */
  id: RunnerName;
  /** `Jest`, `Vitest`: as users write it. */
  name: string;
  /** The package whose version is the runner's: `jest`, `vitest`. */
  packageName?: string;
  /**
   * The runner's version when it is no package but part of Node (`node:test`:
   * `process.versions.node`); then `packageName` is not read.
   */
  version?: string;
  /** The adapter, for the message: `@reaper/jest`. */
  adapter: string;
  /**
   * The majors it was tested on. The oldest is the oldest supported (older ones are refused); any
   * later version is checked, one the list does not name with a line saying so.
   */
  majors: readonly number[];
  /**
   * The oldest version of the oldest major that has what the adapter needs, when that major's
   * first releases lack it (Mocha's global fixtures came in 8.2.0): older ones are refused.
   */
  since?: string;
}

/** Versions found, by package and directory: a worker looks once, not once per test file. */
const found = new Map<string, string | undefined>();

/**
 * The version of `packageName` as the project at `fromDir` resolves it; undefined when it cannot
 * be found (run through npx, a global install): then nothing is claimed either way.
 */
export function findPackageVersion(packageName: string, fromDir: string): string | undefined {
  const key = `${packageName}\0${fromDir}`;
  if (!found.has(key)) found.set(key, lookUpPackageVersion(packageName, fromDir));
  return found.get(key);
}

function lookUpPackageVersion(packageName: string, fromDir: string): string | undefined {
  try {
    const require = createRequire(join(fromDir, 'noop.js'));
    let dir = dirname(require.resolve(packageName));
    for (;;) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === packageName && typeof pkg.version === 'string') return pkg.version;
      }
      if (dirname(dir) === dir) return undefined;
      dir = dirname(dir);
    }
  } catch {
    return undefined;
  }
}

/** A runner version older than what the adapter supports: a short reason and the one line to print. */
export interface UnsupportedRunner {
  /** `Jest 24.9.0 is not supported by @reaper/jest`: the report's skip reason. */
  reason: string;
  /** The reason, which versions are supported, and what to do. */
  message: string;
}

/**
 * What the runner version the project at `root` resolves gets: `refused` when it is older than
 * what the adapter supports (then nothing is checked); `untested`, the one line to print, when it
 * is a major the adapter was not tested on (newer than the newest tested, or between two tested
 * ones), which is checked anyway. Neither when it is tested or cannot be found.
 */
export interface RunnerVersionCheck {
  /** The version found: `12.0.3`. */
  version?: string;
  refused?: UnsupportedRunner;
  untested?: string;
}

/** What the runner version the project at `root` resolves gets (see `RunnerVersionCheck`). */
export function checkRunnerVersion(support: RunnerSupport, root: string): RunnerVersionCheck {
  return judgeRunnerVersion(support, findRunnerVersion(support, root));
}

/** The version of `support`'s runner that the project at `root` resolves; undefined when unknown. */
export function findRunnerVersion(support: RunnerSupport, root: string): string | undefined {
  return support.version ?? (support.packageName ? findPackageVersion(support.packageName, root) : undefined);
}

/** The value of `REAPER_RUNNER_CHECKED` once the run found `support`'s runner at `root` checkable. */
export function runnerCheckedBy(support: RunnerSupport, root: string): string {
  return `${support.id}@${root}`;
}

/** What `version` of `support`'s runner gets (see `RunnerVersionCheck`). */
export function judgeRunnerVersion(support: RunnerSupport, version: string | undefined): RunnerVersionCheck {
  if (version === undefined) return {};
  const major = Number.parseInt(version, 10);
  const oldest = Math.min(...support.majors);
  const majors = support.majors
    .map((m, i) => `${support.name} ${m}${i === 0 && support.since ? ` from ${support.since}` : ''}`)
    .join(', ');
  if (major < oldest || isOlder(version, support.since)) {
    const reason = `${support.name} ${version} is not supported by ${support.adapter}`;
    const supported = `${support.name} ${support.since ?? oldest} and later`;
    return {
      version,
      refused: {
        reason,
        message: `reaper: ${reason} (supported: ${supported}); leaked processes are NOT checked in this run. Use a supported ${support.name}, or gate the whole run with \`reaper run -- <your test command>\` (@reaper/cli), which works with any runner.`,
      },
    };
  }
  if (support.majors.includes(major)) return { version };
  const what =
    major > Math.max(...support.majors)
      ? `is newer than ${support.adapter} was tested on`
      : `is not a version ${support.adapter} was tested on`;
  return {
    version,
    untested: `reaper: ${support.name} ${version} ${what} (tested: ${majors}); checking anyway.`,
  };
}

/** Whether `version` (`8.1.3`) comes before `since` (`8.2.0`); false without `since`. */
function isOlder(version: string, since: string | undefined): boolean {
  if (!since) return false;
  const parts = (text: string) => text.split(/[.+-]/, 3).map((part) => Number.parseInt(part, 10) || 0);
  const [a, b] = [parts(version), parts(since)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}
