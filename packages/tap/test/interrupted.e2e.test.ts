import { expect, it } from 'vitest';
import {
  hangingFile,
  hangingPrelude,
  hangingTests,
  serverStarted,
} from '../../../test-support/interrupt-scenarios.js';
import { eventually, findMarked, isAlive } from '../../../test-support/processes.js';
import { runTap } from './run-tap.js';
import { tapFile } from './tap-file.js';

// The interrupt corpus's tests, in tap's form: the first leaks and is checked, the second starts
// a server, writes its pid and hangs.
const hangingTest = tapFile('cjs', hangingPrelude, 'hang', hangingTests);

it('tap 21: Ctrl-C mid-test ends the run, and its report says what was checked', async () => {
  let server = 0;
  const run = await runTap({
    commonjs: true,
    files: { [hangingFile]: hangingTest },
    whileRunning: async (_tap, dir) => {
      server = await serverStarted(dir);
    },
  });
  // What the corpus's expectInterruptedRun checks, but for the reason: tap's runner catches the
  // SIGINT itself, passes it on to each file's process and ends its run as usual, so the file was
  // not fully checked because its process ended (reaper's guard in it reaped the server).
  expect(server).toBeGreaterThan(0);
  expect(await eventually(() => !isAlive(server), 5000)).toBe(true);
  expect(findMarked()).toEqual([]);
  expect(run.report?.entries.map((e) => `${e.test} ${e.leaked.map((p) => p.command)}`)).toEqual([
    'hang > leaks before sleep 393',
  ]);
  const reason = "its worker process ended before reaper's checks of it ran";
  expect(run.report?.unfinished).toEqual([{ file: hangingFile, reason }]);
  expect(run.output).toContain(`reaper: 1 test file was not fully checked: ${hangingFile} (${reason})`);
}, 240_000);
