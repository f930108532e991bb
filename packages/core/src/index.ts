export { describeValue, ReaperOptionError } from './errors.js';
export {
  installHook,
  isHookInstalled,
  registerInternalPath,
  registerRunnerPath,
  setProjectRoot,
  uninstallHook,
  untracked,
} from './hook/install.js';
export {
  callerDirectory,
  callerFile,
  captureSpawnSite,
  parseFrame,
  type SpawnSite,
} from './hook/spawn-site.js';
export type {
  AllowCandidate,
  AllowMatcher,
  Mode,
  ReaperOptions,
  ResolvedOptions,
  ResolveOptionsSettings,
} from './options.js';
export { defaultOptions, envNames, isAllowed, resolveOptions } from './options.js';
export type { Scope, SpawnRecord } from './realm.js';
export { formatGithub } from './report/github.js';
export { formatJunit } from './report/junit.js';
export { formatMarkdown } from './report/markdown.js';
export { mergeReports } from './report/merge.js';
export { buildReport, hasLeaks, leaksOf, type RunTimes, summarize } from './report/summary.js';
export {
  describeOutcome,
  describeScope,
  formatHeadline,
  formatResult,
  formatSummary,
  formatTree,
  plural,
} from './report/text.js';
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
} from './report/types.js';
export { REPORT_SCHEMA, REPORT_SCHEMA_V1 } from './report/types.js';
export { parseReport, ReaperReportError, validateReport } from './report/validate.js';
export { judge, type Verdict } from './report/verdict.js';
export { writeReport } from './report/write.js';
export { type CloseOptions, closeScope } from './scope/close.js';
export { guardInterrupts, guardRun } from './scope/interrupt.js';
export { findOwned, type Look, type Owned } from './scope/ownership.js';
export { currentScope, type OpenScopeInit, openScope, runInScope } from './scope/registry.js';
export { isEsbuildService, isWorkerService, STRICT_SERVICES_VAR } from './scope/services.js';
export { getProcessTable, isPlatformSupported } from './table/index.js';
export type { ProcessInfo, ProcessStat, ProcessState, ProcessTable, TableMark } from './table/types.js';
export { COOKIE_VAR } from './table/types.js';
export { type LadderOptions, type LadderTarget, runLadder } from './terminate/ladder.js';
