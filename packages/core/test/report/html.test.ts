import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatHtml, parseReport, type RunnerName } from '../../src/index.js';
import { buildPageData } from '../../src/report/html/data.js';
import { embedJson } from '../../src/report/html/escape.js';
import { PAGE_SCRIPT } from '../../src/report/html/script.js';
import { htmlReport, XSS_COMMAND, XSS_FILE, XSS_TEST } from './html-sample.js';

/** The text between `<tag…>` and `</tag>`, for each such element of the page. */
function contentsOf(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
}

describe('embedJson', () => {
  it('leaves nothing that can close the script element or end a JavaScript string, and reads back', () => {
    const value = { a: '</script><!-- & -->', b: 'line\u2028sep\u2029end' };
    const text = embedJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('formatHtml', () => {
  const html = formatHtml(htmlReport);

  it('allows by hash exactly the inline script and style the page holds, and nothing else', () => {
    const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
    const hash = (text: string) => `&#39;sha256-${createHash('sha256').update(text).digest('base64')}&#39;`;
    const [style] = contentsOf(html, 'style');
    const scripts = contentsOf(html, 'script');
    expect(scripts).toHaveLength(2);
    expect(policy).toBe(
      `default-src &#39;none&#39;; script-src ${hash(scripts[1]!)}; style-src ${hash(style!)}; base-uri &#39;none&#39;; form-action &#39;none&#39;`,
    );
  });

  it('carries every string from the report only as escaped data', () => {
    for (const text of [XSS_TEST, XSS_FILE, XSS_COMMAND, '<img', '<svg', '<script>window', '\u2028']) {
      expect(html).not.toContain(text);
    }
    const [data] = contentsOf(html, 'script');
    const parsed = JSON.parse(data!);
    expect(parsed.files[1].file).toBe(XSS_FILE);
    expect(parsed.files[1].tests[0].test).toBe(XSS_TEST);
    expect(parsed.files[1].tests[0].processes[0].command).toBe(XSS_COMMAND);
  });

  it('escapes the runner name in the header', () => {
    // Not a runner the type allows, but a caller in plain JavaScript can pass any string.
    const page = formatHtml({ ...htmlReport, runner: '<b>jest</b>' as RunnerName });
    expect(page).toContain('runner &#60;b&#62;jest&#60;/b&#62;');
  });

  it('says why a run was not checked', () => {
    const page = formatHtml({ ...htmlReport, status: 'skipped', skipReason: 'platform <win32>' });
    expect(page).toContain('<span class="verdict verdict-skipped" id="verdict">skipped</span>');
    expect(page).toContain('Not checked: platform &#60;win32&#62;');
  });
});

describe('the page script', () => {
  it('is written without a backslash, which its template string would turn into another character', () => {
    const source = readFileSync(new URL('../../src/report/html/script.ts', import.meta.url), 'utf8');
    expect(source).not.toContain('\\');
  });

  it('never parses HTML', () => {
    expect(PAGE_SCRIPT).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|Function\(/,
    );
  });
});

describe('buildPageData', () => {
  const data = buildPageData(htmlReport);

  it('groups scopes by file, in order of start, and gives the verdict', () => {
    expect(data.verdict).toBe('leaked');
    expect(data.files.map((f) => [f.file, f.tests.map((t) => t.test), f.leakingTests])).toEqual([
      ['test/server.test.ts', ['server > starts and stops', 'server > answers a ping'], 1],
      [XSS_FILE, [XSS_TEST, 'build > bundles'], 1],
      [null, [null], 1],
    ]);
  });

  it('nests descendants under their parent and tells leaks from clean exits and allowed processes', () => {
    const [server, ping] = data.files[0]!.tests;
    expect(server!.processes.map((p) => [p.pid, p.depth, p.outcome, p.leak])).toEqual([
      [100, 0, 'terminated', true],
      [101, 1, 'killed', true],
      [102, 2, 'reaped', true],
    ]);
    expect(server!.processes[0]!.endedAt).toBe(htmlReport.entries[0]!.endedAt! + 4);
    expect(ping!.processes.map((p) => [p.pid, p.outcome, p.leak, p.exitCode])).toEqual([
      [110, 'clean', false, 0],
    ]);
    const bundles = data.files[1]!.tests[1]!;
    expect(bundles.leaks).toBe(0);
    expect(bundles.processes[0]).toMatchObject({ outcome: 'allowed', leak: false, endedAt: null });
  });

  it('draws what it can from a report without times or spawn lists (converted from /1)', () => {
    // Converted as every reader converts it: the times are 0 (unknown), the spawn list is empty.
    const converted = parseReport(
      JSON.stringify({
        schema: 'reaper-report/1',
        runner: 'jest',
        summary: { scopes: 1, leakedScopes: 0, processes: 0, escaped: 0 },
        entries: [
          {
            file: 'a.test.ts',
            test: 'a',
            scope: 'test',
            spawned: 1,
            leaked: [
              {
                pid: 7,
                ppid: 1,
                command: 'sleep 1',
                kind: 'orphan',
                spawnedAt: null,
                outcome: 'allowed',
                signal: null,
                ms: 0,
              },
            ],
          },
        ],
      }),
    );
    const old = buildPageData(converted);
    expect(old.verdict).toBe('clean');
    expect(old).toMatchObject({ startedAt: null, endedAt: null });
    expect(old.files[0]).toMatchObject({ startedAt: null, endedAt: null });
    expect(old.files[0]!.tests[0]!.processes[0]).toMatchObject({
      pid: 7,
      startedAt: null,
      endedAt: null,
      elapsedMs: 0,
      spawnedAt: null,
      listening: [],
    });
    // The header gives no start or duration it does not know.
    expect(formatHtml(converted)).toContain('<p class="meta">runner jest</p>');
  });
});
