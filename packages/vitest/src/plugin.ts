import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The kit alone, not `@reaper/core`'s main entry (its report readers and writers): a run's main
// process loads it for nothing else.
import { checkRunnerVersion, noticeOnce, resolveOptions } from '@reaper/core/adapter';
import { encodeOptions, OPTIONS_VAR } from './options-channel.js';
import {
  coverProjects,
  currentProjectsRun,
  markReaperPlugin,
  openProjectsRun,
  type ProjectsConfig,
  type ProjectsRun,
  resolvedProjectsReached,
} from './projects.js';
import type { ReaperReporterOptions } from './reporter.js';
import { VITEST } from './support.js';

// This module is what `vitest.config.*` loads, in ESM and in CommonJS (Vite bundles a config of a
// CommonJS package to CommonJS and requires it): it must never import `vitest` itself. The code
// that runs in the workers is in the setup file.

/** The options of the `reaper()` plugin: those of reaper, plus the reporter's files. */
export type ReaperPluginOptions = import('@reaper/core').ReaperOptions & ReaperReporterOptions;

type TestConfig = {
  isolate?: boolean;
  setupFiles?: string | string[];
  reporters?: unknown;
  includeTaskLocation?: boolean;
  runner?: string;
} & ProjectsConfig;
interface TestProjectLike {
  config: { setupFiles: string[] };
}
interface VitestLike {
  config: { reporters: unknown[] };
  projects: readonly TestProjectLike[];
}

const REPORTER_ADDED = Symbol.for('reaper.vitest.reporter');

/**
 * `plugins: [reaper({ outputFile: 'reaper-report.json' })]`: adds reaper's setup file (first, so its
 * hooks wrap everyone else's) to every project it is in — to every project of the run when it is in
 * the root config — and its reporter once (after the user's reporters, and kept when `--reporter`
 * is given on the command line).
 */
export default function reaper(options: ReaperPluginOptions = {}) {
  const resolved = resolveOptions(options, { source: 'reaper() Vitest plugin' });
  const wire = encodeOptions(options);
  const version = resolved.mode === 'off' ? {} : checkRunnerVersion(VITEST, process.cwd());
  const unsupported = version.refused;
  if (unsupported) noticeOnce(unsupported.message);
  else if (version.untested) noticeOnce(version.untested);
  const active = resolved.mode !== 'off' && !unsupported;
  /**
   * Off, or on a Vitest reaper will not check, the reporter alone still writes the report asked for,
   * `skipped` (not a stale one).
   */
  const reportOnly =
    (resolved.mode === 'off' || Boolean(unsupported)) && Boolean(resolved.outputFile || resolved.htmlFile);
  const setup = fileURLToPath(new URL('./setup.js', import.meta.url));
  const reporter = fileURLToPath(new URL('./reporter.js', import.meta.url));
  const reporterOptions: ReaperReporterOptions = {
    outputFile: options.outputFile,
    htmlFile: options.htmlFile,
    mode: options.mode,
  };
  /** Set when this plugin is in a config with `test.projects`: then it covers them all. */
  let isRoot = false;
  /** The run whose root config this plugin is in (see `ProjectsRun`). */
  let rootRun: ProjectsRun | undefined;

  const plugin = {
    name: 'reaper',
    // Vitest re-runs setup files before each test file, but a file it externalizes (anything under
    // node_modules) is imported once per worker and cached by Node: with isolation off, the second
    // file would get no hooks. Inlining @reaper/vitest then makes the setup run for every file.
    // (With isolation on, each file has fresh modules anyway, and inlining would only cost time.)
    config(config: { test?: TestConfig }) {
      if (!active && !reportOnly) return undefined;
      const release = vitestRelease(process.cwd());
      const byConfig = !hasConfigureVitest(release);
      if (byConfig) {
        process.env[OPTIONS_VAR] = wire;
        config.test ??= {};
        addByConfig(config.test, active ? setup : undefined, [reporter, reporterOptions]);
      }
      if (!active) return undefined;
      const opened = config.test?.projects ? openProjectsRun() : undefined;
      if (opened) rootRun = opened;
      // Vitest 3.0 calls no configureVitest: a project's config that gets the setup is the sign.
      else if (byConfig) markReached(true);
      if (config.test?.projects) {
        isRoot = true;
        coverProjects(config.test, plugin);
      }
      // A process that library code spawned after the test's frames were gone is named with the
      // test's line. Where Vitest has aroundEach (4.1 on), the setup file takes each test's stack
      // unformatted and formats it only for such a report (`declarations.ts`); before, and under a
      // runner of the user's, Vitest's includeTaskLocation keeps it (formatted for every test).
      const location =
        config.test?.includeTaskLocation === undefined &&
        !(takesDeclarations(release) && !config.test?.runner)
          ? { includeTaskLocation: true }
          : {};
      const isolate = config.test?.isolate ?? !process.argv.includes('--no-isolate');
      if (isolate) return { test: location };
      return { test: { ...location, server: { deps: { inline: [/[\\/]@reaper[\\/]vitest[\\/]/] } } } };
    },
    configureVitest({ vitest, project }: { vitest: VitestLike; project: TestProjectLike }) {
      if (active) {
        markReached(false);
        process.env[OPTIONS_VAR] = wire;
        for (const each of isRoot ? [project, ...vitest.projects] : [project]) {
          if (!each.config.setupFiles.includes(setup)) each.config.setupFiles.unshift(setup);
        }
      } else if (!reportOnly) return;
      const holder = vitest as unknown as { [REPORTER_ADDED]?: boolean };
      if (holder[REPORTER_ADDED]) return;
      holder[REPORTER_ADDED] = true;
      vitest.config.reporters.push([reporter, reporterOptions]);
    },
    configResolved(resolved: object) {
      if (rootRun && !rootRun.rootConfig) rootRun.rootConfig = resolved;
    },
    // The post hook of the root's server runs after Vitest resolved the projects and called
    // configureVitest on those that have reaper: a root plugin that reached none of them must not
    // stay silent. Project servers (Vitest 3 and 4) run these hooks earlier, and are not asked.
    configureServer(server: { config: object }) {
      const run = rootRun;
      if (!run || server.config !== run.rootConfig) return undefined;
      return () => {
        run.settled = true;
        if (!run.reached && !resolvedProjectsReached(server.config)) noticeOnce(PROJECTS_NOT_COVERED);
      };
    },
  };
  return markReaperPlugin(plugin);
}

/** A project of the open run has reaper (with Vitest 3.0, only once the root config is resolved). */
function markReached(afterRoot: boolean): void {
  const run = currentProjectsRun();
  if (run && (!afterRoot || run.rootConfig)) run.reached = true;
}

const PROJECTS_NOT_COVERED =
  'reaper: the reaper() plugin of the root config reaches none of the projects in `test.projects`: they are config files or directories whose configs neither add reaper() nor set `extends: true`. Leaked processes are NOT checked. Add `extends: true` to each project (or reaper() to its plugins).';

/** The major and minor of the Vitest the project at `root` resolves; undefined when unknown. */
function vitestRelease(root: string): [number, number] | undefined {
  try {
    const manifest = createRequire(join(root, 'noop.js'))('vitest/package.json') as { version?: string };
    const [major = 0, minor = 0] = (manifest.version ?? '').split('.').map(Number);
    return [major, minor];
  } catch {
    return undefined;
  }
}

/** Vitest 3.0 has no `configureVitest` (3.1 added it), nor has anything older. Unknown versions are taken to have it. */
function hasConfigureVitest(release: [number, number] | undefined): boolean {
  if (!release) return true;
  const [major, minor] = release;
  // Vitest 2 and older have none either (reaper does not check them, but reports them skipped).
  return !(major < 3 || (major === 3 && minor === 0));
}

/** Whether the setup file takes each test's declaration itself: with aroundEach (Vitest 4.1 on; unknown versions too). */
function takesDeclarations(release: [number, number] | undefined): boolean {
  if (!release) return true;
  const [major, minor] = release;
  return major > 4 || (major === 4 && minor >= 1);
}

/**
 * Without `configureVitest`, the setup file (first; none when off) and the reporter (after the user's, or after
 * `default`) go into the config itself; `--reporter` on the command line then replaces them all.
 */
function addByConfig(
  test: TestConfig,
  setup: string | undefined,
  reporter: [string, ReaperReporterOptions],
): void {
  const setupFiles = [test.setupFiles ?? []].flat();
  if (setup && !setupFiles.includes(setup)) test.setupFiles = [setup, ...setupFiles];
  const reporters = test.reporters === undefined ? ['default'] : [test.reporters].flat();
  test.reporters = [...reporters, reporter];
}
