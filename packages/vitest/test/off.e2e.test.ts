import { describe, expect, it } from 'vitest';
import { reaperLines } from '../../../test-support/project.js';
import { runVitest } from './run-vitest.js';

// Off (`REAPER_MODE=off` or `mode: 'off'`), reaper checks nothing, and says so where a report is
// asked for: the report file is replaced by a `skipped` one, never left from an earlier run.

const stale = JSON.stringify({
  schema: 'reaper-report/2',
  runner: 'vitest',
  status: 'checked',
  startedAt: 1,
  endedAt: 2,
  summary: { scopes: 1, leakedScopes: 1, leakedProcesses: 1, escaped: 0, allowed: 0 },
  entries: [],
});

const config = (options: string) => `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper(${options})] });
`;

const files = (options: string) => ({
  'vitest.config.js': config(options),
  'reaper-report.json': stale,
  'a.test.js': `import { test } from 'vitest';\ntest('a is clean', () => {});\n`,
});

const cases: [string, Record<string, string>, string, string][] = [
  ['REAPER_MODE=off', { REAPER_MODE: 'off' }, "{ outputFile: 'reaper-report.json' }", 'REAPER_MODE=off'],
  [
    "`mode: 'off'`, REAPER_REPORT",
    { REAPER_REPORT: 'reaper-report.json' },
    "{ mode: 'off' }",
    'the `mode` option',
  ],
];

describe.each(['vitest3', 'vitest4', 'vitest5'] as const)('%s', (version) => {
  it.each(cases)(
    '%s: the stale report is replaced by a skipped one, and that is said',
    async (_, env, options, from) => {
      const run = await runVitest({ vitest: version, env, files: files(options) });
      expect(run.code).toBe(0);
      expect(run.report).toMatchObject({
        status: 'skipped',
        skipReason: `mode is 'off' (${from})`,
        entries: [],
      });
      expect(run.report?.startedAt).toBeGreaterThan(2);
      expect(reaperLines(run.output)).toEqual([
        `reaper: skipped — mode is 'off' (${from}); nothing was checked; report: <project>/reaper-report.json`,
      ]);
    },
  );
});
