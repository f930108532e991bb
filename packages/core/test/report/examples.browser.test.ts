import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, type TestContext } from 'vitest';
import { findMissingChromium, launchChromium } from '../../../../test-support/chromium.mjs';

// The HTML pages that the demo and the examples write, opened in a real browser: what a person
// debugging a leak would see.
const root = join(import.meta.dirname, '..', '..', '..', '..');
const missing = findMissingChromium();
const required = process.env.REAPER_REQUIRE_BROWSER === '1';

/** Runs a command of the workspace (bounded) and returns its output; its own processes are reaped by it. */
function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const done = spawnSync(process.execPath, args, {
    cwd,
    env: { ...process.env, NODE_PATH: undefined, FORCE_COLOR: '0', ...env },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return `${done.stdout}${done.stderr}`;
}

async function openPage(
  ctx: TestContext,
  file: string,
  check: (page: import('playwright-core').Page) => Promise<void>,
) {
  if (missing !== null) {
    if (required) throw new Error(`REAPER_REQUIRE_BROWSER=1 but ${missing}`);
    ctx.skip(missing);
  }
  expect(existsSync(file)).toBe(true);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 10_000 });
    await check(page);
    const shots = mkdtempSync(join(tmpdir(), 'reaper-shot-'));
    try {
      await page.screenshot({ path: join(shots, 'page.png') });
    } finally {
      rmSync(shots, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}

describe('the HTML pages of the demo and the examples', () => {
  it('the demo: every way of leaking, one row each, details on click', async (ctx) => {
    const output = run(['examples/demo/demo.mjs'], root);
    expect(output).toContain('demo: ok');
    await openPage(ctx, join(root, 'examples', 'demo', 'reaper-report.html'), async (page) => {
      expect(await page.textContent('#verdict')).toBe('leaked');
      const commands = await page.$$eval('.row-process .label', (nodes) =>
        nodes.map((n) => n.textContent ?? ''),
      );
      for (const seconds of [300, 301, 302, 303, 304, 305, 308]) {
        expect(commands.some((c) => c.includes(`sleep ${seconds}`))).toBe(true);
      }
      await page.click('.row-process:has(.label:text-is("sleep 300"))');
      expect(await page.textContent('#details h2')).toBe('sleep 300');
      expect(await page.textContent('#details')).toContain('terminated');
    });
  });

  it('the Jest example with LEAKY=1: the test that forgot its server, and the port it held', async (ctx) => {
    const dir = join(root, 'examples', 'jest');
    const output = run([join('node_modules', 'jest', 'bin', 'jest.js'), '--ci'], dir, { LEAKY: '1' });
    expect(output).toContain('reaper: 1 test leaked 1 process');
    await openPage(ctx, join(dir, 'reaper-report.html'), async (page) => {
      expect(await page.textContent('#verdict')).toBe('leaked');
      const tests = await page.$$eval('.row-test .label', (nodes) => nodes.map((n) => n.textContent ?? ''));
      expect(tests).toContain('forgets to stop its server');
      await page.click('.row-process:has(.badge:text-is("LEAK"))');
      const details = (await page.textContent('#details')) ?? '';
      expect(details).toMatch(/server\.js/);
      expect(details).toMatch(/:\d{2,5}/);
    });
  });
});
