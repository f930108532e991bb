import type { Report } from '../types.js';
import { contentSecurityPolicy } from './csp.js';
import { buildPageData, type PageData } from './data.js';
import { embedJson, escapeHtml } from './escape.js';
import { PAGE_SCRIPT } from './script.js';
import { PAGE_STYLE } from './style.js';

const OUTCOMES: readonly [string, string][] = [
  ['clean', 'clean exit'],
  ['exited', 'exited during teardown'],
  ['terminated', 'terminated (SIGTERM)'],
  ['killed', 'killed (SIGKILL)'],
  ['reaped', 'zombie reaped'],
  ['escaped', 'escaped'],
  ['allowed', 'allowed'],
];

/**
 * A report as one self-contained HTML page: the run's verdict and totals, then a timeline per test
 * file (tests as rows, the processes each spawned as bars coloured by outcome, descendants under
 * their parent), details on click, and filters. Nothing is loaded from anywhere; the only code that
 * may run is the page's own inline script and style, allowed by hash in its Content-Security-Policy.
 * Every string from the report is escaped (header) or set as text by the script (timeline).
 */
export function formatHtml(report: Report): string {
  const data = buildPageData(report);
  const title = `reaper report: ${data.verdict}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(PAGE_SCRIPT, PAGE_STYLE))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${renderHeader(data)}
<div class="toolbar">
<label><input type="checkbox" id="only-leaking"> Only leaking tests</label>
<input type="search" id="search" placeholder="Search a command or a test name" aria-label="Search a command or a test name">
<button type="button" id="expand-all">Expand all</button>
<button type="button" id="collapse-all">Collapse all</button>
<span id="count" aria-live="polite"></span>
<div class="legend">${OUTCOMES.map(([key, label]) => `<span><i class="swatch o-${key}"></i>${label}</span>`).join('')}</div>
</div>
<div class="main">
<div id="rows" class="rows" role="tree" aria-label="Timeline: files, tests and the processes they spawned"><div id="spacer" class="spacer"></div></div>
<aside id="details" class="details" aria-live="polite"><p class="hint">Click a test or a process for its details. Each file has its own time scale, shown on its row.</p></aside>
</div>
<script type="application/json" id="reaper-data">${embedJson(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

function renderHeader(data: PageData): string {
  const { summary } = data;
  const took =
    data.startedAt !== null && data.endedAt !== null
      ? `, took ${formatDuration(data.endedAt - data.startedAt)}`
      : '';
  const started = data.startedAt !== null ? `, started ${new Date(data.startedAt).toISOString()}` : '';
  const totals: [number, string][] = [
    [summary.scopes, 'scopes spawned processes'],
    [summary.leakedScopes, 'leaked'],
    [summary.leakedProcesses, 'leaked processes'],
    [summary.escaped, 'escaped'],
    [summary.allowed, 'allowed'],
  ];
  const skip =
    data.verdict === 'skipped'
      ? `<p class="meta">Not checked: ${escapeHtml(data.skipReason ?? 'no reason given')}</p>\n`
      : '';
  const unfinished = data.unfinished
    .map((line) => `<p class="meta" data-unfinished>Not fully checked: ${escapeHtml(line)}</p>\n`)
    .join('');
  return `<header class="head">
<h1>reaper report <span class="verdict verdict-${data.verdict}" id="verdict">${data.verdict}</span></h1>
<p class="meta">runner ${escapeHtml(data.runner)}${started}${took}</p>
${skip}${unfinished}<ul class="totals" id="totals">${totals.map(([n, label]) => `<li><b>${n}</b>${label}</li>`).join('')}</ul>
</header>`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
