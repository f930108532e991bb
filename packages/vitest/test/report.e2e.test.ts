import { describe, it } from 'vitest';
import { freePort } from '../../../test-support/free-port.js';
import * as scenario from '../../../test-support/server-report-scenario.js';
import { runVitest } from './run-vitest.js';

const config = `import { defineConfig } from 'vitest/config';
import reaper from '@reaper/vitest';
export default defineConfig({ plugins: [reaper({ outputFile: 'reaper-report.json', htmlFile: 'reaper-report.html' })] });
`;

describe('the report of a real Vitest run (reaper-report/2)', () => {
  it('names the port a leaked server held, the helper and the test line, and keeps clean spawns with their times', async () => {
    const port = await freePort();
    const files = scenario.serverReportFiles(
      { format: 'esm', imports: "import { it } from 'vitest';" },
      port,
    );
    const run = await runVitest({ files: { 'vitest.config.ts': config, ...files } });
    scenario.expectServerReport(run, files, port, 'vitest');
  });
});
