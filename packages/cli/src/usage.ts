export const RUN_USAGE = `Usage: reaper run [options] -- <command...>

Runs <command> with a fresh run cookie, forwards SIGINT, SIGTERM and SIGHUP to it, and when it
exits ends every process it left behind (TERM → grace → KILL), prints what they were and writes
the JSON report.

Options (each wins over its REAPER_* environment variable, which applies when it is not given):
  --mode fail|warn|off   fail: exit 3 when anything was left behind (default); warn: reap and
                         report only; off: run the command untouched        [REAPER_MODE]
  --grace-ms N           SIGTERM → SIGKILL, ms (default 1000)              [REAPER_GRACE_MS]
  --kill-wait-ms N       SIGKILL → declared escaped, ms (default 1000)     [REAPER_KILL_WAIT_MS]
  --settle-ms N          wait for already-exiting processes, ms (default 100) [REAPER_SETTLE_MS]
  --report FILE          write the JSON report (reaper-report/2) to FILE   [REAPER_REPORT]
                         (REAPER_HTML=FILE writes the HTML page of the run too)

Exit status: the command's own when non-zero (128+N when killed by signal N); else 3 in fail mode
when anything was left behind; else 0. 2: bad options or no command. Where reaper cannot check
(no process table for the platform) the command runs untouched and the report says skipped.
`;

export const REPORT_USAGE = `Usage: reaper report <file...> [--format text|json|markdown|github|junit|html] [--output FILE] [--fail-on-leak]

Merges reaper-report/2 files (e.g. one per shard; reaper-report/1 files are converted) and renders
them on stdout, or to FILE.

Options:
  --format F       text (default), json (reaper-report/2), markdown (for $GITHUB_STEP_SUMMARY),
                   github (workflow annotations), junit (XML), html (one self-contained page)
  --output FILE    write the rendering to FILE instead of stdout
  --fail-on-leak   exit 1 when a report holds a leaked process (allowed ones do not count); exit 4
                   when the merged report is skipped (every input was skipped: nothing was checked)

Exit status: 0; 1 with --fail-on-leak when something leaked; 4 with --fail-on-leak when nothing
was checked; 2: a bad option or input file, or FILE cannot be written.
`;

export const USAGE = `Usage: reaper <command> [options]

Commands:
  reaper run [options] -- <command...>   run a command and reap every process it leaves behind
  reaper report <file...> [options]      merge and render reaper reports

Run \`reaper run --help\` or \`reaper report --help\` for their options. Docs: docs/cli.md
`;
