import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { runVitest } from './run-vitest.js';

// A leak that fails its test is reported once, in the test's error at the spawn site in the test
// file: no annotation repeats it (Vitest 3.2 placed that one in reaper's own annotate.ts).

const files = {
  'vitest.config.js': `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper()] });
`,
  'a.test.js': `import { spawn } from 'node:child_process';
import { test } from 'vitest';
test('a leaks', () => {
  spawn('sleep', ['300']);
});
`,
};

/** The failures shown (Vitest 3 also repeats an error's message under the test in its tree). */
const failures = (output: string) => output.split('\n').filter((line) => line.startsWith('Error: reaper:'));

describe.each(['vitest3', 'vitest4', 'vitest5'] as const)('%s', (version) => {
  it('a leak that fails its test: the report once, at the spawn site in the test file', async () => {
    const run = await runVitest({ vitest: version, files });
    expect(run.code).toBe(1);
    expect(failures(run.output)).toEqual(['Error: reaper: 1 process outlived test "a leaks"']);
    expect(run.output).toContain('❯ a.test.js:4:3');
    // An annotation is shown as `❯ <location> reaper`, then `↳ <message>`.
    expect(run.output).not.toContain('↳');
    expect(run.output).not.toContain('annotate.ts');
    expect(findMarked()).toEqual([]);
  });

  it('a leak in warn mode: the test passes, and the junit report has it as an annotation', async () => {
    const out = mkdtempSync(join(tmpdir(), 'reaper-junit-'));
    try {
      const junit = join(out, 'junit.xml');
      const run = await runVitest({
        vitest: version,
        files,
        env: { REAPER_MODE: 'warn' },
        args: ['--reporter=junit', `--outputFile.junit=${junit}`],
      });
      expect(run.code).toBe(0);
      expect(readFileSync(junit, 'utf8')).toMatch(
        /<property name="reaper" value="reaper: 1 process outlived test &quot;a leaks&quot;/,
      );
      expect(findMarked()).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
