// Debian's Chromium, driven by playwright-core, for the tests and the benchmark of the HTML report.
// Playwright's own browser builds cannot be downloaded here: never run `playwright install`.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export function findMissingChromium() {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `Chromium not found at ${CHROMIUM_PATH} (install it: apt-get install -y chromium)`;
}

/** A headless Chromium that reaches no network on its own. Close it in a `finally`. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
