import { COOKIE_VAR } from './table/types.js';

/**
 * Every environment variable reaper reads or sets, in one place. `docs/options.md` documents the
 * settings; the internal ones are reaper's own channels between a runner's main process, its
 * workers and `reaper run`, and are set by reaper, never by users.
 */
export const SETTING_VARS = {
  mode: 'REAPER_MODE',
  settleMs: 'REAPER_SETTLE_MS',
  graceMs: 'REAPER_GRACE_MS',
  killWaitMs: 'REAPER_KILL_WAIT_MS',
  outputFile: 'REAPER_REPORT',
  htmlFile: 'REAPER_HTML',
  /** `1`: library services (esbuild's, unref'd piped children) belong to the test again. */
  strictServices: 'REAPER_STRICT_SERVICES',
  /** `0`: the worker does not become a child subreaper even when koffi is installed. */
  subreaper: 'REAPER_SUBREAPER',
  /** `0`: the ladder signals by pid and watches /proc, never through pidfds, even when koffi is installed. */
  pidfd: 'REAPER_PIDFD',
  /** `proc` or `ps`: the process table backend (default: `proc` on Linux, `ps` elsewhere). */
  processTable: 'REAPER_PROCESS_TABLE',
} as const;

export const INTERNAL_VARS = {
  /** Tokens every process spawned under reaper carries: `<realm>:<scope>:<seq>` and `run-<hex>`. */
  cookie: COOKIE_VAR,
  /** The project root the runner's main process chose; spawn sites and files are relative to it. */
  root: 'REAPER_ROOT',
  /** Set by `reaper run`: adapters under it drop their reports there. */
  runDir: 'REAPER_RUN_DIR',
  /**
   * Set by a run (a reporter, the Vitest plugin's reporter) that found its runner supported:
   * `<runner id>@<root>`. Workers of that run then skip the check (a package lookup, ms per file).
   */
  runnerChecked: 'REAPER_RUNNER_CHECKED',
  /** Set by a reporter: workers append their scope results to files there. */
  results: 'REAPER_RESULTS',
  /** Set by the Vitest plugin: its options, as JSON, for the setup file in each worker. */
  vitestOptions: 'REAPER_VITEST_OPTIONS',
  /** Set by `@reaper/node-test` in a test file's process (its pid): what that process starts is no test file. */
  nodeTestFile: 'REAPER_NODE_TEST_FILE',
} as const;
