import { describe, expect, it } from 'vitest';
import * as corpus from '../../../test-support/leak-scenarios.js';
import { avaModes, avaVersions, listedOf, runAva } from './run-ava.js';

// The leak corpus (test-support/leak-scenarios.ts) in AVA's form. AVA has no blocks: a block is
// its tests' title prefix (`leaks > …`), and an afterEach hook in one runs for that block's tests
// only. Its before and after hooks are the file's: each suite scenario is a file of its own, whose
// `test.before` spawns into the file's scope. A test gets its assertion (`t.pass()`) once its body
// is over.
const leakStyle: corpus.LeakStyle = {
  format: 'esm',
  imports: `import test from 'ava';
const blocks = [];
const titled = (title) => [...blocks, title].join(' > ');
const describe = (title, body) => {
  blocks.push(title);
  body();
  blocks.pop();
};
const it = (title, fn) => test(titled(title), async (t) => {
  await fn();
  t.pass();
});
const beforeAll = (fn) => test.before(fn);
const afterAll = (fn) => test.after.always(fn);
const afterEach = (fn) => {
  const block = titled('');
  test.afterEach.always(async (t) => {
    if (t.title.includes(\` for \${block}\`)) await fn();
  });
};`,
  hooks: 'beforeAll',
  suites: 'file',
};

/** AVA's name for a test file in its list: `leaks` for `leaks.test.js`. */
const listName = (file: string) => file.replace(/\.test\.js$/, '');

/** The failure as AVA prints it, after its list: from the last line with its headline. */
const avaFailure = (output: string, failure: corpus.LeakFailure) => {
  const at = output.lastIndexOf(corpus.headlineOf(failure));
  return at < 0 ? '' : output.slice(output.lastIndexOf('\n', at) + 1);
};

describe.each(avaVersions)('%s', (ava) => {
  it.each(avaModes)(
    "%s: each leak fails its own test with the spawn line; a suite's before hook is its file's",
    async (_, workerThreads) => {
      const run = await runAva({
        ava,
        workerThreads,
        require: [['@reaper/ava', { allow: [corpus.leakAllow] }]],
        args: ['--timeout=2m'],
        files: corpus.leakFiles(leakStyle),
      });
      const listed = listedOf(run.output);
      for (const { test, file } of corpus.leakPassesOf(leakStyle))
        expect(listed).toContain(`✔ ${listName(file)} › ${test}`);
      // A test's leak fails the test; a file's, reaper's after.always hook.
      const failures = corpus.leakFailuresOf(leakStyle);
      expect(listed.filter((line) => line.startsWith('✘'))).toEqual(
        failures
          .map(
            (f) =>
              `✘ [fail]: ${listName(f.file)} › ${f.scope === 'file' ? 'after.always hook' : f.test} ${corpus.headlineOf(f)}`,
          )
          .sort(),
      );
      const direct = failures.find((f) => f.title === 'leaks a direct child')!;
      expect(run.output).toContain(`  Error: reaper: 1 process outlived test "leaks > leaks a direct child"
    in leaks.test.js
    └─ PID sleep 401  (child) terminated by SIGTERM in N ms, spawned at ${corpus.siteOf(leakStyle, direct.leaks[0]!.at)}`);
      expect(run.report?.runner).toBe('ava');
      corpus.expectLeakRun(leakStyle, run, { failureOf: avaFailure, summary: 'file' });
    },
  );
});
