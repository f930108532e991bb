import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, findMissingChromium } from '../../../test-support/chromium.mjs';
import { findMarked, killMarked } from '../../../test-support/processes.js';
import { playwrightVersions, runPlaywright } from './run-playwright.js';

const missing = findMissingChromium();
const required = process.env.REAPER_REQUIRE_BROWSER === '1';

// Debian's Chromium (Playwright's own builds cannot be downloaded here), reaching no network.
const config = `module.exports = {
  testDir: '.',
  workers: 1,
  use: {
    launchOptions: {
      executablePath: ${JSON.stringify(CHROMIUM_PATH)},
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  reporter: [['list'], ['@reaper/playwright/reporter', { outputFile: 'reaper-report.json' }]],
};
`;

const browsers = `const { test, expect, chromium } = require('@reaper/playwright');
test("uses Playwright's page", async ({ page }) => {
  await page.setContent('<p>hello</p>');
  await expect(page.locator('p')).toHaveText('hello');
});
test('launches a browser and closes it', async ({}, testInfo) => {
  const browser = await chromium.launch(testInfo.project.use.launchOptions);
  await browser.close();
});
test('launches a browser and leaves it open', async ({}, testInfo) => {
  const browser = await chromium.launch(testInfo.project.use.launchOptions);
  const page = await browser.newPage();
  await page.setContent('<p>left open</p>');
});
test('uses the page again', async ({ page }) => {
  await page.setContent('<p>again</p>');
});
`;

// Chromium 156 (Debian's) is driven by the Playwright versions of its time: 1.50 and 1.65.
describe.each(playwrightVersions.filter((v) => v !== 'playwright140'))('%s', (playwright) => {
  it("never blames Playwright's own browser; a browser a test leaves open is its leak, its whole tree reaped", async (ctx) => {
    if (missing !== null) {
      if (required) throw new Error(`REAPER_REQUIRE_BROWSER=1 but ${missing}`);
      ctx.skip(missing);
    }
    try {
      const run = await runPlaywright({
        playwright,
        files: { 'playwright.config.js': config, 'browser.spec.js': browsers },
      });
      expect(run.code).toBe(1);
      expect(run.output).toMatch(/✓ +\d+ .*› uses Playwright's page/);
      expect(run.output).toMatch(/✓ +\d+ .*› launches a browser and closes it/);
      expect(run.output).toMatch(/✓ +\d+ .*› uses the page again/);
      expect(run.output).toMatch(
        /reaper: \d+ processes outlived test "launches a browser and leaves it open"/,
      );
      const entries = run.report?.entries ?? [];
      const leaked = entries.filter((e) => e.leaked.length > 0);
      expect(leaked.map((e) => `${e.scope} ${e.test}`)).toEqual([
        'test launches a browser and leaves it open',
      ]);
      const tree = leaked[0]!.leaked;
      // The browser itself, its zygotes, renderers, GPU and utility processes, crashpad: all ended.
      // (Some go on their own as the browser goes: `exited`.)
      const browser = tree.find((p) => p.kind === 'child');
      expect(browser?.command).toMatch(/chrom/);
      expect(['terminated', 'killed']).toContain(browser?.outcome);
      expect(tree.length).toBeGreaterThan(3);
      for (const p of tree) expect(['terminated', 'killed', 'reaped', 'exited']).toContain(p.outcome);
      // Playwright's browser (a worker fixture) and the closed one spawned for no test to answer for.
      for (const test of ["uses Playwright's page", 'uses the page again'])
        expect(entries.find((e) => e.test === test)).toBeUndefined();
      expect(findMarked()).toEqual([]);
    } finally {
      killMarked();
    }
  });
});
