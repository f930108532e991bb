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
