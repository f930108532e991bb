import { it } from 'vitest';
import { diedFile, diedTestFile, expectDiedRun } from '../../../test-support/died-scenarios.js';
import { runNodeTest } from './run-node-test.js';

it('a file whose process died before its checks ran is reported unfinished, with what was checked', async () => {
  const test = diedTestFile({ format: 'cjs', imports: "const { describe, it } = require('node:test');" });
  expectDiedRun(await runNodeTest({ node: process.execPath, files: { [diedFile]: test } }));
});
