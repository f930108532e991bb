import { describe, expect, it } from 'vitest';
import { reaperLines } from '../../../test-support/project.js';
import { runVitest } from './run-vitest.js';

// The README's config, word for word.
const readmeConfig = `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper({ outputFile: 'reaper-report.json' })] });
`;

const leakyTest = (name: string) => `
import { spawn } from 'node:child_process';
import { test } from 'vitest';
test('${name} leaks', () => {
  spawn('sleep', ['300']);
});
test('${name} is clean', () => {});
`;

const summaries = (output: string) =>
  output.split('\n').filter((line) => /^reaper: .*(leaked|no leaked)/.test(line));

describe("the README's config in ESM and CommonJS packages", () => {
  it.each([
    ['CommonJS', 'vitest.config.ts'],
    ['CommonJS', 'vitest.config.mts'],
    ['CommonJS', 'vitest.config.cts'],
    ['CommonJS', 'vitest.config.js'],
    ['CommonJS', 'vitest.config.mjs'],
    ['ESM', 'vitest.config.ts'],
    ['ESM', 'vitest.config.js'],
  ])('%s package, %s: loads, and the leak fails its test', async (kind, name) => {
    const run = await runVitest({
      packageJson: kind === 'ESM' ? { type: 'module' } : { name: 'a-commonjs-package' },
      files: { [name]: readmeConfig, 'a.test.js': leakyTest('a') },
    });
    expect(run.output).not.toContain('failed to load config');
    expect(run.output).toContain('reaper: 1 process outlived test "a leaks"');
    expect(run.code).toBe(1);
    expect(run.report?.summary.leakedScopes).toBe(1);
  });
});

describe('Vitest 3', () => {
  it.each([
    ['CommonJS', 'vitest.config.ts'],
    ['ESM', 'vitest.config.js'],
  ])('%s package, %s: the README’s config loads, and the leak fails its test', async (kind, name) => {
    const run = await runVitest({
      vitest: 'vitest3',
      packageJson: kind === 'ESM' ? { type: 'module' } : { name: 'a-commonjs-package' },
      files: { [name]: readmeConfig, 'a.test.js': leakyTest('a') },
    });
    expect(run.output).toContain('reaper: 1 process outlived test "a leaks"');
    expect(run.code).toBe(1);
    expect(run.report?.summary.leakedScopes).toBe(1);
  });
});

describe('Vitest projects', () => {
  const projectConfig = (name: string, plugin: boolean) => `import { defineConfig } from 'vitest/config';
${plugin ? "import reaper from '@reaper/vitest';\n" : ''}export default defineConfig({ ${plugin ? 'plugins: [reaper()], ' : ''}test: { name: '${name}' } });
`;

  it.each([['vitest3'], ['vitest4']] as const)(
    '%s: root plugin, inline projects without `extends` and a project directory: every project is checked',
    async (version) => {
      const run = await runVitest({
        vitest: version,
        files: {
          'vitest.config.ts': `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({
  plugins: [reaper({ outputFile: 'reaper-report.json' })],
  test: {
    projects: [
      { test: { name: 'a', include: ['a/**/*.test.js'] } },
      { test: { name: 'b', include: ['b/**/*.test.js'] } },
      'packages/c',
    ],
  },
});
`,
          'a/a.test.js': leakyTest('a'),
          'b/b.test.js': leakyTest('b'),
          'packages/c/vitest.config.js': projectConfig('c', false),
          'packages/c/c.test.js': leakyTest('c'),
        },
      });
      expect(run.code).toBe(1);
      for (const name of ['a', 'b', 'c'])
        expect(run.output).toContain(`reaper: 1 process outlived test "${name} leaks"`);
      expect(summaries(run.output)).toEqual([
        expect.stringMatching(/^reaper: 3 tests leaked 3 processes — all reaped/),
      ]);
      expect(run.report?.entries.map((e) => e.test).sort()).toEqual(['a leaks', 'b leaks', 'c leaks']);
    },
  );

  it('inline projects with `extends: true`: the reporter is added once, the report written once', async () => {
    const run = await runVitest({
      files: {
        'vitest.config.ts': `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({
  plugins: [reaper({ outputFile: 'reaper-report.json' })],
  test: {
    projects: [
      { extends: true, test: { name: 'a', include: ['a/**/*.test.js'] } },
      { extends: true, test: { name: 'b', include: ['b/**/*.test.js'] } },
    ],
  },
});
`,
        'a/a.test.js': leakyTest('a'),
        'b/b.test.js': leakyTest('b'),
      },
    });
    expect(run.code).toBe(1);
    expect(summaries(run.output)).toEqual([
      expect.stringMatching(/^reaper: 2 tests leaked 2 processes — all reaped/),
    ]);
    expect(run.report?.summary.leakedScopes).toBe(2);
  });

  it('a per-project plugin checks its own project', async () => {
    const run = await runVitest({
      files: {
        'vitest.config.ts': `import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { projects: ['packages/*'] } });
`,
        'packages/a/vitest.config.js': projectConfig('a', true),
        'packages/a/a.test.js': leakyTest('a'),
        'packages/b/vitest.config.js': projectConfig('b', false),
        'packages/b/b.test.js': 'import { test } from "vitest";\ntest("b is clean", () => {});\n',
      },
    });
    expect(run.code).toBe(1);
    expect(run.output).toContain('reaper: 1 process outlived test "a leaks"');
    expect(summaries(run.output)).toEqual(['reaper: 1 test leaked 1 process — all reaped']);
  });

  it('a root plugin that reaches no project says so loudly at start-up', async () => {
    const run = await runVitest({
      files: {
        'vitest.config.ts': `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper()], test: { projects: ['packages/*'] } });
`,
        'packages/a/vitest.config.js': projectConfig('a', false),
        'packages/a/a.test.js': 'import { test } from "vitest";\ntest("a is clean", () => {});\n',
      },
    });
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      'reaper: the reaper() plugin of the root config reaches none of the projects in `test.projects`',
    );
  });
});

describe('a Vitest outside the supported range', () => {
  it('hears it from reaper in one line, and the suite runs unchanged', async () => {
    const run = await runVitest({
      vitest: 'vitest2',
      files: {
        'vitest.config.ts': readmeConfig,
        'a.test.js': 'import { test } from "vitest";\ntest("a is clean", () => {});\n',
      },
    });
    expect(run.code).toBe(0);
    const lines = reaperLines(run.output);
    expect(lines).toEqual([
      'reaper: Vitest 2.1.9 is not supported by @reaper/vitest (supported: Vitest 3 and later); leaked processes are NOT checked in this run. Use a supported Vitest, or gate the whole run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.',
      // The report asked for says so too, never left to be read as clean (or as an earlier run's).
      'reaper: skipped — Vitest 2.1.9 is not supported by @reaper/vitest; nothing was checked; report: <project>/reaper-report.json',
    ]);
    expect(run.report?.status).toBe('skipped');
  });
});
