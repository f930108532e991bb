/**
 * `node --test --test-isolation=none` (`--experimental-test-isolation=none` on Node 22): every file
 * runs in node --test's own process, where reaper does not follow tests.
 */
export function runsFilesInProcess(): boolean {
  return process.execArgv.some((arg) => /^--(experimental-)?test-isolation=none$/.test(arg));
}

export const IN_PROCESS_REASON =
  '--test-isolation=none runs every test file in the runner’s own process, which @reaper/node-test does not check';
