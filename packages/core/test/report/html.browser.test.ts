import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { findMissingChromium, launchChromium } from '../../../../test-support/chromium.mjs';
import { formatHtml } from '../../src/index.js';
import { htmlReport, XSS_COMMAND, XSS_FILE, XSS_TEST } from './html-sample.js';

const missing = findMissingChromium();
const required = process.env.REAPER_REQUIRE_BROWSER === '1';

let dir: string;
let url: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reaper-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, formatHtml(htmlReport));
  url = pathToFileURL(file).href;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Opens the report in a fresh headless Chromium (one per test: the test-support safety net ends
 * every process a test left, after each test), runs `check`, and closes the browser. `problems`
 * collects console errors (CSP violations among them), page errors, dialogs and
 * `securitypolicyviolation` events.
 */
async function inBrowser(ctx: TestContext, check: (page: Page, problems: string[]) => Promise<void>) {
  if (missing !== null) {
    if (required) throw new Error(`REAPER_REQUIRE_BROWSER=1 but ${missing}`);
    ctx.skip(missing);
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.exposeFunction('__reportViolation', (text: string) => problems.push(`CSP: ${text}`));
    // Page-side code is given as text: this project type-checks without the DOM library.
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
      window.__reportViolation(event.violatedDirective + ' blocked ' + event.blockedURI + ' at ' +
        event.sourceFile + ':' + event.lineNumber);
    });`);
    await page.goto(url);
    // Waits by selector: a waitForFunction predicate is evaluated in the page, which its CSP forbids.
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 10_000 });
    await check(page, problems);
  } finally {
    await browser.close();
  }
}

/** The visible rows of one type, as the text of their label cells. */
function labelsOf(page: Page, type: 'file' | 'test' | 'process'): Promise<string[]> {
  return page.$$eval(`.row-${type} .label`, (nodes) => nodes.map((n) => n.textContent ?? ''));
}

/** Waits until the filters have been applied: the count line reads `text`. */
async function untilCount(page: Page, text: string) {
  await page.waitForSelector(`#count:text-is(${JSON.stringify(text)})`, { timeout: 5000 });
}

describe('the HTML report in Chromium', () => {
  it('shows the verdict, the totals, and a row and a bar for each test and process', async (ctx) => {
    await inBrowser(ctx, async (page, problems) => {
      expect(await page.textContent('#verdict')).toBe('leaked');
      expect(await page.textContent('#totals')).toContain('6leaked processes');
      expect(await labelsOf(page, 'file')).toEqual([
        'test/server.test.ts',
        XSS_FILE,
        '(no file: the whole run)',
      ]);
      expect(await labelsOf(page, 'test')).toEqual([
        'server > starts and stops',
        'server > answers a ping',
        XSS_TEST,
        'build > bundles',
        '(the run)',
      ]);
      const processes = await page.$$eval('.row-process', (rows) =>
        rows.map((row) => ({
          pid: row.querySelector('.pid')?.textContent,
          level: row.getAttribute('aria-level'),
          badge: row.querySelector('.badge')?.textContent ?? null,
          bar: row.querySelector('.bar')?.className ?? null,
        })),
      );
      expect(processes).toEqual([
        { pid: '100', level: '3', badge: 'LEAK', bar: 'bar o-terminated leak' },
        { pid: '101', level: '4', badge: 'LEAK', bar: 'bar o-killed leak' },
        { pid: '102', level: '5', badge: 'LEAK', bar: 'bar o-reaped leak' },
        { pid: '110', level: '3', badge: null, bar: 'bar o-clean' },
        { pid: '200', level: '3', badge: 'ESCAPED', bar: 'bar o-escaped leak open' },
        { pid: '201', level: '3', badge: 'LEAK', bar: 'bar o-exited leak' },
        { pid: '300', level: '3', badge: 'ALLOWED', bar: 'bar o-allowed open' },
        { pid: '400', level: '3', badge: 'LEAK', bar: 'bar o-terminated leak' },
      ]);
      expect(await page.getAttribute('.row-process:has(.pid:text-is("100")) .track', 'title')).toBe(
        '100 node server.js --port 3000 · terminated by SIGTERM after 4 ms',
      );
      // A bar is drawn where its process ran: the ping's curl, 100–300 ms into a 2.5 s file.
      const curl = await page.$eval('.row-process:has(.o-clean) .bar', (bar) => {
        const track = bar.parentElement!.getBoundingClientRect();
        const box = bar.getBoundingClientRect();
        return { left: (box.left - track.left) / track.width, width: box.width / track.width };
      });
      expect(curl.left).toBeCloseTo(1600 / 2500, 2);
      expect(curl.width).toBeCloseTo(200 / 2500, 2);
      expect(problems).toEqual([]);
    });
  });

  it('shows a process’s pid, command, ports and spawn site on click', async (ctx) => {
    await inBrowser(ctx, async (page, problems) => {
      await page.click('.row-process:has(.pid:text-is("100"))');
      const details = await page.$$eval('#details dt', (terms) =>
        Object.fromEntries(terms.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])),
      );
      expect(await page.textContent('#details h2')).toBe('node server.js --port 3000');
      expect(details).toMatchObject({
        PID: '100',
        'Parent PID': '50',
        Kind: 'child',
        Outcome: 'terminated by SIGTERM after 4 ms',
        'Spawned at': 'test/helpers.ts:12:5',
        'Called from': 'test/server.test.ts:30:9',
        'Listening on': 'port 3000, port 9229',
        Started: '2025-11-28 03:20:00.150 UTC',
        Test: 'server > starts and stops',
        File: 'test/server.test.ts',
      });
      expect(await page.textContent('#details .site')).toBe('test/helpers.ts:12:5');
      expect(await page.getAttribute('.row-process:has(.pid:text-is("100"))', 'class')).toContain('selected');
      expect(problems).toEqual([]);
    });
  });

  it('shows only the leaking tests when asked', async (ctx) => {
    await inBrowser(ctx, async (page, problems) => {
      await untilCount(page, 'Showing 5 of 5 tests, 8 of 8 processes');
      await page.check('#only-leaking');
      await untilCount(page, 'Showing 3 of 5 tests, 6 of 8 processes');
      expect(await labelsOf(page, 'test')).toEqual(['server > starts and stops', XSS_TEST, '(the run)']);
      await page.uncheck('#only-leaking');
      await untilCount(page, 'Showing 5 of 5 tests, 8 of 8 processes');
      expect(problems).toEqual([]);
    });
  });

  it('finds tests by name and processes by command, keeping a match’s ancestors', async (ctx) => {
    await inBrowser(ctx, async (page, problems) => {
      await page.fill('#search', 'CURL');
      await untilCount(page, 'Showing 1 of 5 tests, 1 of 8 processes');
      expect(await labelsOf(page, 'test')).toEqual(['server > answers a ping']);
      await page.fill('#search', 'sleep 600');
      await untilCount(page, 'Showing 1 of 5 tests, 2 of 8 processes');
      expect(await page.$$eval('.row-process .pid', (n) => n.map((p) => p.textContent))).toEqual([
        '100',
        '101',
      ]);
      await page.fill('#search', 'bundles');
      await untilCount(page, 'Showing 1 of 5 tests, 1 of 8 processes');
      expect(await labelsOf(page, 'process')).toEqual(['esbuild --service=0.25.0 --ping']);
      await page.fill('#search', 'no such thing');
      await untilCount(page, 'Showing 0 of 5 tests, 0 of 8 processes');
      expect(await page.textContent('.empty')).toBe('No test matches the filters.');
      expect(problems).toEqual([]);
    });
  });

  it('renders markup from test names, file names and argv as text, under a CSP its own code keeps', async (ctx) => {
    await inBrowser(ctx, async (page, problems) => {
      const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      expect(policy).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+='; style-src 'sha256-/);
      await page.click(`.row-process:has(.pid:text-is("200"))`);
      expect(await page.textContent('#details h2')).toBe(XSS_COMMAND);
      expect(await labelsOf(page, 'test')).toContain(XSS_TEST);
      expect(await labelsOf(page, 'file')).toContain(XSS_FILE);
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.$$eval('img, svg, iframe, object, embed', (n) => n.length)).toBe(0);
      expect(await page.$$eval('script', (n) => n.length)).toBe(2);
      // The page's styles applied: CSP would have blocked a style it did not allow by hash.
      expect(
        await page.$eval('#verdict', (v) => v.ownerDocument.defaultView?.getComputedStyle(v).textTransform),
      ).toBe('uppercase');
      const shots = mkdtempSync(join(tmpdir(), 'reaper-html-shot-'));
      await page.screenshot({ path: join(shots, 'report.png') });
      expect(problems).toEqual([]);
    });
  });
});
