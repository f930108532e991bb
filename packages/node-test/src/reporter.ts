import { startChannelRun } from '@reaper/core/adapter';
import { IN_PROCESS_REASON, runsFilesInProcess } from './isolation.js';
import { NODE_TEST } from './support.js';

/** One of node:test's reporter events: `test:pass`, `test:watch:drained`, … */
export interface TestEvent {
  type: string;
  data?: { skip?: unknown; todo?: unknown };
}

// node:test loads its reporters in its main process before it starts any test file's process: the
// run starts here, so that every file's process inherits the results channel and the project root.
const run = startChannelRun({
  runner: NODE_TEST,
  options: {},
  source: '@reaper/node-test/reporter',
  root: process.cwd(),
  skipReason: runsFilesInProcess() ? IN_PROCESS_REASON : undefined,
  unused:
    'Preload it in the test files: `node --test --import @reaper/node-test` (the reporter alone checks nothing).',
});

/**
 * `--test-reporter=@reaper/node-test/reporter --test-reporter-destination=stderr`, next to the
 * reporter you read (`spec`). Collects every test file's scope results into one report at the end
 * of the run, written to `REAPER_REPORT` when set, and prints a one-line summary on stderr; with
 * `--watch`, once per run. Yields nothing itself: its destination stays empty.
 */
// biome-ignore lint/correctness/useYield: node:test takes a reporter as an async generator; this one prints through the run.
export default async function* reaperReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  let eventsSinceReport = 0;
  let testsRan = 0;
  for await (const event of source) {
    if (event.type !== 'test:watch:drained') {
      eventsSinceReport++;
      if (
        (event.type === 'test:pass' || event.type === 'test:fail') &&
        !event.data?.skip &&
        !event.data?.todo
      )
        testsRan++;
      continue;
    }
    finishRun(testsRan);
    eventsSinceReport = 0;
    testsRan = 0;
  }
  if (eventsSinceReport > 0) finishRun(testsRan);
}

/** Reports the run's results; the next run (with --watch) gets a fresh channel. */
function finishRun(testsRan: number): void {
  if (run.finish(testsRan)) process.exitCode = 1;
  run.reopen();
}
