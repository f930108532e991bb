import { describe, expect, it } from 'vitest';
import { findMarked, killMarked } from '../../../test-support/processes.js';
import { type RunVitestOptions, runVitest } from './run-vitest.js';

// "The reaper() plugin of the root config reaches none of the projects" must be said exactly when
// it is true: absent in every shape where the projects are checked (and their leaks caught),
// present where they are not. Vitest 3 and 4 call the plugin's hooks on a server per project before
// the projects are handed to it; Vitest 5 resolves projects with the root config.

const NOT_REACHED = 'reaches none of the projects in `test.projects`';

const leakyTest = (name: string) => `
import { spawn } from 'node:child_process';
import { test } from 'vitest';
test('${name} leaks', () => {
  spawn('sleep', ['300']);
});
`;

const plainProjectConfig = (name: string) => `import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { name: '${name}' } });
`;

const rootConfig = (projects: string) => `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({
  plugins: [reaper({ outputFile: 'reaper-report.json' })],
  test: { projects: ${projects} },
});
`;

const inline = (extendsRoot: boolean) => `[
    { ${extendsRoot ? 'extends: true, ' : ''}test: { name: 'a', include: ['a/**/*.test.js'] } },
    { ${extendsRoot ? 'extends: true, ' : ''}test: { name: 'b', include: ['b/**/*.test.js'] } },
  ]`;

const leakyFiles = { 'a/a.test.js': leakyTest('a'), 'b/b.test.js': leakyTest('b') };

const withDirectory = (projects: string) => projects.replace(/\]$/, "  'packages/c',\n  ]");
const directoryFiles = {
  'packages/c/vitest.config.js': plainProjectConfig('c'),
  'packages/c/c.test.js': leakyTest('c'),
};

/** Shapes where the projects are reached: their leaks are caught, and nothing says otherwise. */
const reached: [string, Pick<RunVitestOptions, 'args' | 'files'>, string[]][] = [
  [
    'inline projects without `extends` and a project directory',
    {
      files: {
        'vitest.config.ts': rootConfig(withDirectory(inline(false))),
        ...leakyFiles,
        ...directoryFiles,
      },
    },
    ['a leaks', 'b leaks', 'c leaks'],
  ],
  [
    'inline projects with `extends: true`',
    { files: { 'vitest.config.ts': rootConfig(inline(true)), ...leakyFiles } },
    ['a leaks', 'b leaks'],
  ],
  [
    'a `--project` filter',
    { args: ['--project', 'b'], files: { 'vitest.config.ts': rootConfig(inline(false)), ...leakyFiles } },
    ['b leaks'],
  ],
  [
    'projects in the project’s own config, reaper added with `mergeConfig` and `--config`',
    {
      args: ['--config', 'vitest.reaper.config.ts'],
      files: {
        'vitest.config.ts': `import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { projects: ${inline(false)} } });
`,
        'vitest.reaper.config.ts': `import { defineConfig, mergeConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
import base from './vitest.config.ts';
export default mergeConfig(base, defineConfig({ plugins: [reaper({ outputFile: 'reaper-report.json' })] }));
`,
        ...leakyFiles,
      },
    },
    ['a leaks', 'b leaks'],
  ],
];

/** Shapes where no project is reached: said once, and the leak outlives the run. */
const unreached: [string, Pick<RunVitestOptions, 'args' | 'files'>][] = [
  [
    'project directories whose configs neither add reaper() nor extend the root',
    { files: { 'vitest.config.ts': rootConfig("['packages/*']"), ...directoryFiles } },
  ],
  [
    'a `--project` filter that leaves only such a directory',
    {
      args: ['--project', 'c'],
      files: {
        'vitest.config.ts': rootConfig(withDirectory(inline(false))),
        ...leakyFiles,
        ...directoryFiles,
      },
    },
  ],
];

describe.each(['vitest3', 'vitest4', 'vitest5'] as const)('%s projects', (version) => {
  it.each(reached)('%s: checked, and not said to be unchecked', async (_, shape, leaked) => {
    const run = await runVitest({ vitest: version, ...shape });
    expect(run.output).not.toContain(NOT_REACHED);
    expect(run.code).toBe(1);
    expect(run.report?.entries.map((entry) => entry.test).sort()).toEqual(leaked);
  });

  it.each(unreached)('%s: said once, and nothing checked', async (_, shape) => {
    try {
      const run = await runVitest({ vitest: version, ...shape });
      expect(run.output.split('\n').filter((line) => line.includes(NOT_REACHED))).toHaveLength(1);
      expect(run.code).toBe(0);
      expect(run.report).toBeUndefined();
      expect(findMarked()).toHaveLength(1);
    } finally {
      killMarked();
    }
  });
});
