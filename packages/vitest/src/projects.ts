/** The part of a root config that lists Vitest projects. */
export interface ProjectsConfig {
  projects?: unknown[];
}

interface InlineProject {
  extends?: unknown;
  plugins?: unknown[];
}

/**
 * An inline project (an object in `test.projects`) inherits the root config's plugins only with
 * `extends: true`. reaper in the root config is meant for every project: the others get the same
 * plugin added, so that Vitest calls its `configureVitest` for them too. Projects named by a file or
 * a directory cannot be changed from here; the plugin covers them once any project has it.
 */
export function coverProjects(test: ProjectsConfig, plugin: object): void {
  for (const entry of test.projects ?? []) {
    if (!entry || typeof entry !== 'object') continue;
    const project = entry as InlineProject;
    if (project.extends === true) continue;
    const plugins = project.plugins ?? [];
    if (!plugins.includes(plugin)) project.plugins = [...plugins, plugin];
  }
}

/**
 * Whether reaper reached any project of a run with `test.projects`. That is known only once Vitest
 * has resolved the projects and called `configureVitest` on those that have the plugin, which it
 * does inside a `configureServer` hook of the root config's Vite server: the root's verdict is taken
 * in a post hook of that server (Vite runs them after every `configureServer` hook). Vitest 3 and 4
 * also make a Vite server per project, with the same hooks, before any `configureVitest`; and a
 * project with `extends: true` loads the root config again, so its plugin sees `test.projects` too.
 * The run's root is therefore the first config with `test.projects` while no run is open, kept in
 * the process (one for the ESM and CommonJS builds alike), and its server is told by its config.
 */
export interface ProjectsRun {
  /** The root config as Vite resolved it (`server.config` of the root's server). */
  rootConfig?: object;
  /** A `configureVitest` of reaper (any plugin instance) ran for a project of this run. */
  reached: boolean;
  /** The root's verdict was taken: a config with `test.projects` seen later opens a new run. */
  settled: boolean;
}

const RUN = Symbol.for('reaper.vitest.projects-run');
type Holder = { [RUN]?: ProjectsRun };

/** The run of a config with `test.projects`: a new one when none is open (this is its root). */
export function openProjectsRun(): ProjectsRun | undefined {
  const holder = globalThis as Holder;
  const open = holder[RUN];
  if (open && !open.settled) return undefined;
  const run: ProjectsRun = { reached: false, settled: false };
  holder[RUN] = run;
  return run;
}

/** The open run, if any: what a project's plugin reports to. */
export function currentProjectsRun(): ProjectsRun | undefined {
  const run = (globalThis as Holder)[RUN];
  return run && !run.settled ? run : undefined;
}

interface ResolvedEntry {
  hidden?: boolean;
  viteConfig?: { plugins?: readonly unknown[] };
}

/**
 * Vitest 5 resolves the projects with the root config (`test.resolvedProjects`, after `--project`
 * filters), and calls `configureVitest` only after the root's server is up: there the projects that
 * will be reached are those whose resolved plugins include reaper's.
 */
export function resolvedProjectsReached(rootConfig: object): boolean {
  const entries = (rootConfig as { test?: { resolvedProjects?: unknown } }).test?.resolvedProjects;
  if (!Array.isArray(entries)) return false;
  return (entries as ResolvedEntry[]).some(
    (entry) => !entry.hidden && (entry.viteConfig?.plugins ?? []).some(isReaperPlugin),
  );
}

const PLUGIN_MARK = Symbol.for('reaper.vitest.plugin');

/** Marks a plugin object as reaper's, for `resolvedProjectsReached` (any copy of this package). */
export function markReaperPlugin<T extends object>(plugin: T): T {
  Object.defineProperty(plugin, PLUGIN_MARK, { value: true });
  return plugin;
}

function isReaperPlugin(plugin: unknown): boolean {
  return typeof plugin === 'object' && plugin !== null && PLUGIN_MARK in plugin;
}
