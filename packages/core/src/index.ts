// @reaper/core: the engine, as docs/core-api.md documents it. What only adapters need is on the
// `@reaper/core/adapter` subpath.
export { ReaperOptionError } from './errors.js';
export {
  installHook,
  isHookInstalled,
  registerInternalPath,
  setProjectRoot,
  uninstallHook,
} from './hook/install.js';
export { untracked } from './hook/untracked.js';
export type {
  AllowCandidate,
  AllowMatcher,
  Mode,
  ReaperOptions,
  ResolvedOptions,
  ResolveOptionsSettings,
} from './options.js';
export { isAllowed, resolveOptions } from './options.js';
export type { Scope } from './realm.js';
export { formatGithub } from './report/github.js';
export { formatHtml } from './report/html/format.js';
export { formatJunit } from './report/junit.js';
export { formatMarkdown } from './report/markdown.js';
export { mergeReports } from './report/merge.js';
export { buildReport, hasLeaks, leaksOf, type RunTimes, summarize } from './report/summary.js';
export { formatResult, formatSummary, formatTree } from './report/text.js';
export type {
  AllowedProcess,
  CheckedReport,
  EscapedProcess,
  EscapeReason,
  ExitedProcess,
  KilledProcess,
  LadderSignal,
  LeakedProcess,
  LeakedProcessBase,
  LeakKind,
  Outcome,
  ReapedProcess,
  Report,
  ReportStatus,
  ReportSummary,
  RunnerName,
  ScopeKind,
  ScopeResult,
  SkippedReport,
  SpawnedProcess,
  TerminatedProcess,
  UnfinishedFile,
} from './report/types.js';
export { REPORT_SCHEMA, REPORT_SCHEMA_V1 } from './report/types.js';
export { parseReport, ReaperReportError, validateReport } from './report/validate.js';
export { type ReportFiles, writeHtmlReport, writeReport, writeReportFiles } from './report/write.js';
export { type CloseOptions, closeScope } from './scope/close.js';
export { currentScope, type OpenScopeInit, openScope, runInScope } from './scope/registry.js';
export { getProcessTable, isPlatformSupported } from './table/index.js';
export type { ProcessStat, ProcessState, ProcessTable, TableMark } from './table/types.js';
export { type LadderOptions, type LadderTarget, runLadder } from './terminate/ladder.js';
