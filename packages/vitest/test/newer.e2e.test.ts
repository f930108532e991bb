import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { runVitest } from './run-vitest.js';

const files = {
  'vitest.config.js': `import reaper from '@reaper/vitest';
export default { plugins: [reaper({ outputFile: 'reaper-report.json' })] };
`,
  'a.test.js': `import { spawn } from 'node:child_process';
import { test } from 'vitest';
test('leaks a child', () => {
  spawn('sleep', ['433']);
});
`,
  'b.test.js': "import { test } from 'vitest';\ntest('does nothing', () => {});\n",
};

// A major newer than the newest tested, faked on Vitest 5: its package.json says 6.0.0.
describe('a Vitest newer than tested (6.0.0, faked on Vitest 5)', () => {
  it('said once, by the main process; the leak caught and reported', async () => {
    const run = await runVitest({ vitest: 'vitest5', fakeVersion: '6.0.0', files });
    expect(run.output).toMatch(/Tests\s+1 failed \| 1 passed/);
    expect(run.output).toContain('reaper: 1 process outlived test "leaks a child"');
    const lines = run.output.split('\n').filter((line) => line.includes('6.0.0'));
    expect(lines).toEqual([
      'reaper: Vitest 6.0.0 is newer than @reaper/vitest was tested on (tested: Vitest 3, Vitest 4, Vitest 5); checking anyway.',
    ]);
    expect(run.report).toMatchObject({
      status: 'checked',
      entries: [{ test: 'leaks a child', leaked: [{ command: 'sleep 433', outcome: 'terminated' }] }],
    });
    expect(findMarked()).toEqual([]);
  });

  it('the setup file without the plugin, two forks: the line once among them, the leak caught', async () => {
    const run = await runVitest({
      vitest: 'vitest5',
      fakeVersion: '6.0.0',
      args: ['--pool=forks'],
      files: {
        ...files,
        'vitest.config.js': "export default { test: { setupFiles: ['@reaper/vitest/setup'] } };\n",
      },
    });
    expect(run.output).toMatch(/Tests\s+1 failed \| 1 passed/);
    expect(run.output).toContain('reaper: 1 process outlived test "leaks a child"');
    expect(run.output.split('\n').filter((line) => line.includes('6.0.0'))).toEqual([
      'reaper: Vitest 6.0.0 is newer than @reaper/vitest was tested on (tested: Vitest 3, Vitest 4, Vitest 5); checking anyway.',
    ]);
    expect(findMarked()).toEqual([]);
  });
});
