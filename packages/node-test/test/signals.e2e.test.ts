import { describe, expect, it } from 'vitest';
import { expectSignalRun, signalScenarios, signalTestFile } from '../../../test-support/signal-scenarios.js';
import { findNodeBinary } from './node-versions.js';
import { runNodeTest } from './run-node-test.js';

const signalsTest = signalTestFile({
  format: 'cjs',
  imports: "const { describe, it } = require('node:test');",
});

const node = await findNodeBinary(Number.parseInt(process.versions.node, 10));

describe('a test that handles a signal it sends itself', () => {
  it('the file goes on, the leak after it is still reported', async () => {
    const run = await runNodeTest({ node: node.path!, files: { 'signals.test.js': signalsTest } });
    expect(run.stdout).toMatch(new RegExp(`^ℹ pass ${signalScenarios.length - 1}$`, 'm'));
    expect(run.stdout).toMatch(/^ℹ fail 1$/m);
    expectSignalRun(run);
  });
});
