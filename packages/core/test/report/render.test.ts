import { describe, expect, it } from 'vitest';
import {
  buildReport,
  formatGithub,
  formatHtml,
  formatJunit,
  formatMarkdown,
  formatSummary,
  mergeReports,
  parseReport,
  summarize,
} from '../../src/index.js';
import { clean, report } from './sample.js';

const cleanReport = { ...report, entries: [clean], summary: summarize([clean]) };

describe('formatMarkdown', () => {
  it('renders the totals, a table of leaking scopes and each tree in a code block', () => {
    expect(formatMarkdown(report)).toMatchInlineSnapshot(`
      "### reaper: 1 test and the run leaked 6 processes — 2 escaped

      | scopes | leaked scopes | leaked processes | escaped | allowed |
      | -----: | ------------: | ---------------: | ------: | ------: |
      | 4 | 2 | 6 | 2 | 1 |

      | scope | file | leaked | escaped | allowed |
      | ----- | ---- | -----: | ------: | ------: |
      | test "server \\> starts \\<and\\> stops" | \`test/server.test.ts\` | 5 | 2 | 0 |
      | file test/build.test.ts | \`test/build.test.ts\` | 0 | 0 | 1 |
      | the run |  | 1 | 0 | 0 |

      \`\`\`text
      reaper: 5 processes outlived test "server > starts <and> stops"
        in test/server.test.ts
        ├─ 100 node server.js --port 0  (child) listening on :3000, :3001, terminated by SIGTERM in 3 ms, spawned at test/start-server.ts:6:17 via test/server.test.ts:22:5
        │  ├─ 101 sh -c echo "a & b" | cat  (descendant) killed by SIGKILL in 1004 ms
        │  └─ 102 sleep 1  (descendant) exited by itself in 2 ms
        ├─ 200 sleep 900  (orphan) ESCAPED (timeout): still alive 2001 ms after SIGKILL
        └─ 201 sudo sleep 900  (orphan) ESCAPED (denied): not permitted to signal it
        1 process survived SIGKILL and is still running: see docs/limits.md.
        1 process is still running: reaper was not permitted to signal it (see docs/limits.md).
      \`\`\`

      \`\`\`text
      reaper: 1 allowed process outlived file test/build.test.ts
        └─ 300 esbuild --service  (child) allowed to outlive its scope, spawned at test/build.test.ts:3:1
      \`\`\`

      \`\`\`text
      reaper: 1 process outlived the run
        └─ 400 sleep 300  (orphan) terminated by SIGTERM in 1 ms
      \`\`\`
      "
    `);
  });

  it('is only the totals when nothing leaked', () => {
    expect(formatMarkdown(cleanReport)).toMatchInlineSnapshot(`
      "### reaper: no leaked processes (1 scope spawned 2)

      | scopes | leaked scopes | leaked processes | escaped | allowed |
      | -----: | ------------: | ---------------: | ------: | ------: |
      | 1 | 0 | 0 | 0 | 0 |
      "
    `);
  });

  it('fences a tree that holds backticks with a longer fence', () => {
    const entry = { ...clean, leaked: [{ ...report.entries[3]!.leaked[0]!, command: 'sh -c ```x```' }] };
    const out = formatMarkdown({ ...report, entries: [entry], summary: summarize([entry]) });
    expect(out).toContain('````text\n');
    expect(out.trimEnd().endsWith('\n````')).toBe(true);
  });
});

describe('formatGithub', () => {
  it('annotates each leaked process at its spawn site, else at its file, else without a location', () => {
    expect(formatGithub(report)).toMatchInlineSnapshot(`
      "::error file=test/start-server.ts,line=6,col=17::reaper: 100 node server.js --port 0 (child) outlived test "server > starts <and> stops": terminated by SIGTERM in 3 ms
      ::error file=test/start-server.ts,line=6,col=17::reaper: 101 sh -c echo "a & b" | cat (descendant) outlived test "server > starts <and> stops": killed by SIGKILL in 1004 ms
      ::error file=test/server.test.ts::reaper: 102 sleep 1 (descendant) outlived test "server > starts <and> stops": exited by itself in 2 ms
      ::error file=test/server.test.ts::reaper: 200 sleep 900 (orphan) outlived test "server > starts <and> stops": ESCAPED (timeout): still alive 2001 ms after SIGKILL
      ::error file=test/server.test.ts::reaper: 201 sudo sleep 900 (orphan) outlived test "server > starts <and> stops": ESCAPED (denied): not permitted to signal it
      ::error::reaper: 400 sleep 300 (orphan) outlived the run: terminated by SIGTERM in 1 ms
      "
    `);
  });

  it('escapes workflow command values', () => {
    const entry = {
      ...clean,
      file: 'dir,with:odd%name.ts',
      leaked: [{ ...report.entries[3]!.leaked[0]!, command: 'printf "50%\\n"\nnext' }],
    };
    expect(formatGithub({ ...report, entries: [entry] })).toMatchInlineSnapshot(`
      "::error file=dir%2Cwith%3Aodd%25name.ts::reaper: 400 printf "50%25\\n"%0Anext (orphan) outlived test "a": terminated by SIGTERM in 1 ms
      "
    `);
  });

  it('is empty when nothing leaked', () => {
    expect(formatGithub(cleanReport)).toBe('');
  });
});

describe('formatJunit', () => {
  it('is a testsuite with a failing testcase per leaking scope, XML-escaped', () => {
    expect(formatJunit(report)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="reaper" tests="2" failures="2" errors="0" skipped="0">
        <testsuite name="reaper" tests="2" failures="2" errors="0" skipped="0">
          <testcase classname="test/server.test.ts" name="test &quot;server &gt; starts &lt;and&gt; stops&quot;" file="test/server.test.ts">
            <failure type="reaper.leak" message="reaper: 5 processes outlived test &quot;server &gt; starts &lt;and&gt; stops&quot;">reaper: 5 processes outlived test &quot;server &gt; starts &lt;and&gt; stops&quot;
        in test/server.test.ts
        ├─ 100 node server.js --port 0  (child) listening on :3000, :3001, terminated by SIGTERM in 3 ms, spawned at test/start-server.ts:6:17 via test/server.test.ts:22:5
        │  ├─ 101 sh -c echo &quot;a &amp; b&quot; | cat  (descendant) killed by SIGKILL in 1004 ms
        │  └─ 102 sleep 1  (descendant) exited by itself in 2 ms
        ├─ 200 sleep 900  (orphan) ESCAPED (timeout): still alive 2001 ms after SIGKILL
        └─ 201 sudo sleep 900  (orphan) ESCAPED (denied): not permitted to signal it
        1 process survived SIGKILL and is still running: see docs/limits.md.
        1 process is still running: reaper was not permitted to signal it (see docs/limits.md).</failure>
          </testcase>
          <testcase classname="run" name="the run">
            <failure type="reaper.leak" message="reaper: 1 process outlived the run">reaper: 1 process outlived the run
        └─ 400 sleep 300  (orphan) terminated by SIGTERM in 1 ms</failure>
          </testcase>
        </testsuite>
      </testsuites>
      "
    `);
  });

  it('is an empty suite when nothing leaked', () => {
    expect(formatJunit(cleanReport)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="reaper" tests="0" failures="0" errors="0" skipped="0">
        <testsuite name="reaper" tests="0" failures="0" errors="0" skipped="0">
        </testsuite>
      </testsuites>
      "
    `);
  });

  it('drops characters XML cannot hold', () => {
    const entry = { ...clean, leaked: [{ ...report.entries[3]!.leaked[0]!, command: 'a\u0001b\u001bc' }] };
    const out = formatJunit({ ...report, entries: [entry] });
    expect(out).toContain('abc');
    expect(out).not.toContain('\u0001');
    expect(out).not.toContain('\u001b');
  });
});

describe('a skipped report', () => {
  const skipped = buildReport('vitest', [], {
    startedAt: 1,
    endedAt: 2,
    skipReason: 'linux-only process table; darwin not supported',
  });

  it('says nothing was checked, in every format', () => {
    expect(formatSummary(skipped)).toBe(
      'reaper: skipped — linux-only process table; darwin not supported; nothing was checked',
    );
    expect(formatMarkdown(skipped).split('\n')[0]).toBe(
      '### reaper: skipped — linux-only process table; darwin not supported; nothing was checked',
    );
    expect(formatGithub(skipped)).toBe(
      '::warning::reaper: skipped — linux-only process table; darwin not supported; nothing was checked\n',
    );
    expect(formatJunit(skipped)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="reaper" tests="1" failures="0" errors="0" skipped="1">
        <testsuite name="reaper" tests="1" failures="0" errors="0" skipped="1">
          <testcase classname="reaper" name="the run">
            <skipped message="reaper: skipped — linux-only process table; darwin not supported; nothing was checked"/>
          </testcase>
        </testsuite>
      </testsuites>
      "
    `);
  });
});

describe('a report with a file that was not fully checked', () => {
  const unfinished = buildReport('node-test', [clean], {
    startedAt: 1,
    endedAt: 2,
    unfinished: [
      { file: 'test/dies.test.js', reason: "its worker process ended before reaper's checks of it ran" },
    ],
  });

  it('keeps the field only when there is one, so that a reader of /2 sees the report it knew', () => {
    expect(Object.keys(buildReport('node-test', [clean], { startedAt: 1, endedAt: 2 }))).not.toContain(
      'unfinished',
    );
    expect(Object.keys(unfinished).slice(-1)).toEqual(['unfinished']);
    expect(parseReport(JSON.stringify(unfinished))).toEqual(unfinished);
    expect(() =>
      parseReport(JSON.stringify({ ...unfinished, unfinished: [{ file: 1, reason: 'x' }] })),
    ).toThrow(/unfinished\[0\]\.file/);
  });

  it('says so in every format', () => {
    const line =
      "reaper: 1 test file was not fully checked: test/dies.test.js (its worker process ended before reaper's checks of it ran)";
    expect(formatSummary(unfinished).split('\n')).toEqual([
      expect.stringMatching(/^reaper: no leaked processes/),
      line,
    ]);
    expect(formatMarkdown(unfinished)).toContain(
      "**reaper: 1 test file was not fully checked: test/dies.test.js (its worker process ended before reaper's checks of it ran)**",
    );
    expect(formatGithub(unfinished)).toBe(
      "::warning file=test/dies.test.js::reaper: not fully checked: its worker process ended before reaper's checks of it ran\n",
    );
    expect(formatJunit(unfinished)).toContain(
      `<testcase classname="test/dies.test.js" name="not fully checked" file="test/dies.test.js">
      <error type="reaper.unfinished" message="its worker process ended before reaper&apos;s checks of it ran"/>`,
    );
    expect(formatJunit(unfinished)).toContain('tests="1" failures="0" errors="1" skipped="0"');
    expect(formatHtml(unfinished)).toContain(
      'Not fully checked: test/dies.test.js (its worker process ended before reaper&#39;s checks of it ran)',
    );
  });

  it('is kept by a merge, each file once', () => {
    expect(mergeReports([unfinished, { ...unfinished, startedAt: 5 }]).unfinished).toEqual(
      unfinished.unfinished,
    );
  });
});
