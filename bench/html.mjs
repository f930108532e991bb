#!/usr/bin/env node
// The HTML report at scale: a synthetic reaper-report/2 with 5,000 tests and 10,000 processes,
// rendered by formatHtml and opened in headless Chromium (Debian's, /usr/bin/chromium). Prints the
// time to render it in Node and, in the browser, to first render and to the first frame (medians
// of BENCH_ROUNDS renders and page loads, 5 by default), then, as the very last line, one JSON
// object of the figures. Run after the build: `node bench/html.mjs`.
// A measurement, never a test: nothing here is asserted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatHtml } from '@reaper/core';
import { findMissingChromium, launchChromium } from '../test-support/chromium.mjs';

const TESTS = 5000;
const TESTS_PER_FILE = 20;
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Two processes per test: a clean one, and every 10th test a server that leaks a descendant. */
function syntheticReport() {
  const t0 = 1_764_300_000_000;
  const entries = [];
  let pid = 1000;
  for (let i = 0; i < TESTS; i++) {
    const file = `test/area-${Math.floor(i / TESTS_PER_FILE)}/case.test.ts`;
    const start = t0 + (i % TESTS_PER_FILE) * 50;
    const first = pid++;
    const second = pid++;
    const leaks = i % 10 === 0;
    entries.push({
      file,
      test: `area ${Math.floor(i / TESTS_PER_FILE)} > case ${i}`,
      scope: 'test',
      startedAt: start,
      endedAt: start + 40,
      spawned: [
        {
          pid: first,
          command: `git status --porcelain ${i}`,
          spawnedAt: `${file}:12:5`,
          startedAt: start + 2,
          endedAt: start + 9,
          exitCode: 0,
          signal: null,
        },
        ...(leaks
          ? []
          : [
              {
                pid: second,
                command: `node worker.js ${i}`,
                spawnedAt: `${file}:20:5`,
                startedAt: start + 10,
                endedAt: start + 30,
                exitCode: 0,
                signal: null,
              },
            ]),
      ],
      leaked: leaks
        ? [
            {
              pid: second,
              ppid: first,
              command: `sleep 300 # ${i}`,
              kind: 'descendant',
              spawnedAt: `${file}:12:5`,
              calledFrom: null,
              startedAt: start + 5,
              listening: [3000 + (i % 1000)],
              outcome: 'killed',
              signal: 'SIGKILL',
              elapsedMs: 1002,
            },
          ]
        : [],
    });
  }
  const leaked = entries.filter((e) => e.leaked.length > 0).length;
  return {
    schema: 'reaper-report/2',
    runner: 'vitest',
    status: 'checked',
    startedAt: t0,
    endedAt: t0 + TESTS_PER_FILE * 50 + 2000,
    summary: { scopes: TESTS, leakedScopes: leaked, leakedProcesses: leaked, escaped: 0, allowed: 0 },
    entries,
  };
}

const missing = findMissingChromium();
if (missing !== null) {
  console.error(`bench/html: ${missing}`);
  process.exit(2);
}

const report = syntheticReport();
const renders = [];
let html = '';
for (let i = 0; i < rounds; i++) {
  const start = performance.now();
  html = formatHtml(report);
  renders.push(performance.now() - start);
}
const renderMs = median(renders);
const dir = mkdtempSync(join(tmpdir(), 'reaper-html-bench-'));
const file = join(dir, 'report.html');
writeFileSync(file, html);

const drawn = [];
const painted = [];
const expandAll = [];
const search = [];
const browser = await launchChromium();
try {
  for (let i = 0; i < rounds; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 60_000 });
      const marks = await page.evaluate(
        "Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))",
      );
      drawn.push(marks['reaper:rows-drawn']);
      painted.push(marks['reaper:first-paint']);
      // Interactions, timed inside the page from the event to the rows being rebuilt.
      expandAll.push(
        await page.evaluate(
          "(() => { const t = performance.now(); document.getElementById('expand-all').click(); return performance.now() - t; })()",
        ),
      );
      await page.fill('#search', 'case 4999');
      search.push(
        await page.evaluate(`new Promise((resolve) => {
          const t = performance.now();
          const input = document.getElementById('search');
          input.value = 'sleep 300';
          input.dispatchEvent(new Event('input'));
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t)));
        })`),
      );
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}

const figures = {
  htmlBytes: html.length,
  formatHtmlMs: renderMs,
  firstRenderMs: median(drawn),
  firstFrameMs: median(painted),
  expandAllMs: median(expandAll),
  searchMs: median(search),
};
const processes = report.entries.reduce((n, e) => n + e.spawned.length + e.leaked.length, 0);
console.log(`HTML report: ${TESTS} tests, ${processes} processes, ${(html.length / 1e6).toFixed(1)} MB`);
console.log(`  formatHtml in Node                           ${renderMs.toFixed(0)} ms`);
console.log(
  `  Chromium: rows drawn (from navigation)       ${figures.firstRenderMs.toFixed(0)} ms (median of ${rounds})`,
);
console.log(`  Chromium: first frame after that             ${figures.firstFrameMs.toFixed(0)} ms`);
console.log(`  Chromium: "Expand all" (rows rebuilt, drawn) ${figures.expandAllMs.toFixed(1)} ms`);
console.log(`  Chromium: search, input to next frame        ${figures.searchMs.toFixed(1)} ms`);
console.log(
  JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Number(v.toFixed(1))]))),
);
