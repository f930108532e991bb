import { describe, expect, it } from 'vitest';
import { laterSpawnLibrary, laterSpawnLines, laterSpawnTest } from '../../../test-support/later-spawn.js';
import { findMarked } from '../../../test-support/processes.js';
import { runVitest } from './run-vitest.js';

// A process a library spawns from a timer has no frame of the test's in its stack: the failure
// names the test's declaration line instead: on Vitest 4.1 and later from the stack the setup file
// takes as each test is made (formatted only for this report), before from Vitest's
// `includeTaskLocation` (the reaper() plugin turns it on there).

const files = {
  ...laterSpawnLibrary,
  'vitest.config.js': `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper()] });
`,
  'a.test.js': laterSpawnTest([
    "import { spawn } from 'node:child_process'; import { test } from 'vitest';",
    "import { spawnLater } from 'later-spawn';",
  ]),
};

describe.each(['vitest3', 'vitest4', 'vitest5'] as const)('%s', (version) => {
  it('a process a library spawned later names the test and its line', async () => {
    const run = await runVitest({ vitest: version, files });
    expect(run.code).toBe(1);
    const { later, direct } = laterSpawnLines('a.test.js:3');
    expect(run.output).toMatch(later);
    expect(run.output).toMatch(direct);
    expect(findMarked()).toEqual([]);
  });
});
