import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test-support/free-port.js';
import * as scenario from '../../../test-support/server-report-scenario.js';
import { failureOf, runJest } from './run-jest.js';

const config = `module.exports = {
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: ['default', ['@reaper/jest/reporter', { outputFile: 'reaper-report.json', htmlFile: 'reaper-report.html' }]],
};
`;

describe('the report of a real Jest run (reaper-report/2)', () => {
  it('names the port a leaked server held, the helper and the test line, and keeps clean spawns with their times', async () => {
    const port = await freePort();
    const files = scenario.serverReportFiles({ format: 'cjs' }, port);
    const run = await runJest({ files: { 'jest.config.js': config, ...files } });
    scenario.expectServerReport(run, files, port, 'jest');
    // Jest shows the server in the failure of its test.
    const { spawnedAt, calledFrom } = scenario.serverSites(files);
    expect(failureOf(run.output, 'forgets to stop its server')).toContain(
      `(child) listening on :${port}, terminated by SIGTERM in N ms, spawned at ${spawnedAt} via ${calledFrom}`,
    );
  });
});
