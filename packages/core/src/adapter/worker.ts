import { INTERNAL_VARS } from '../env.js';
import {
  installHook,
  registerInternalPath,
  registerRunnerPath,
  setProjectRoot,
  uninstallHook,
} from '../hook/install.js';
import { spawned } from '../lazy/parts.js';
import { type ReaperOptions, type ResolvedOptions, readSwitches, resolveOptions } from '../options.js';
import { getRealm, type Scope } from '../realm.js';
import type { ScopeResult } from '../report/types.js';
import type { Verdict } from '../report/verdict.js';
import { type OpenScopeInit, openScope, retireScope } from '../scope/registry.js';
import { sendFileMark, sendLacking, sendResult } from './channel.js';
import { relativeFile } from './names.js';
import { noticeOnce, skipReason } from './notice.js';
import { checkRunnerVersion, findRunnerVersion, type RunnerSupport, runnerCheckedBy } from './version.js';

export interface WorkerSettings {
  runner: RunnerSupport;
  /** The options the user gave the adapter (validated here). */
  options: ReaperOptions | undefined;
  /** Names the adapter in errors: `@reaper/jest`. */
  source: string;
  /** The adapter's own code (its `dist/`): its frames are never a spawn site. */
  adapterDirectory: string;
  /** Path fragments of runner machinery whose spawns belong to the runner (a Jest transformer). */
  runnerPaths?: readonly string[];
  /**
   * The running test file's `Error`, when the kit was loaded outside the file's realm (Jest's
   * adapter loads it once per worker): spawn sites are formatted with it, so that the file's source
   * maps apply (see `Realm.errorClass`). By default, the `Error` of the realm that loaded the kit.
   */
  errorClass?: ErrorConstructor;
  /**
   * The project root, where the runner's main process runs nothing of reaper's to set it (AVA: the
   * project directory AVA chose). By default, the main process's, else the working directory.
   */
  root?: string;
}

/** A closed scope that spawned or left something: its result and what the adapter must do. */
export interface Checked {
  result: ScopeResult;
  verdict: Verdict;
}

/** reaper in one test worker (a process or a thread), between its first and last test file. */
export interface Worker {
  readonly options: ResolvedOptions;
  /** The project root: spawn sites and files are relative to it. */
  readonly root: string;
  /** How long reaper's hooks may take: the whole ladder, whatever the user's hook timeout. */
  readonly hookTimeoutMs: number;
  /** A test file's path relative to the root. */
  fileOf(path: string | null | undefined): string | null;
  open(init: OpenScopeInit): Scope;
  /**
   * Where a spawn belongs when the runner's own state says it better than the order of the scopes
   * (Playwright: a fixture being set up, a hook): asked at each spawn made outside `runInScope`;
   * undefined from it, the innermost open scope. Until `stop`.
   */
  chooseScope(chooser: (() => Scope | undefined) | undefined): void;
  /**
   * Closes a scope: settles, reaps, judges, and sends the result to the run's main process on the
   * results channel. Undefined when the scope spawned nothing and nothing outlived it (most tests).
   * A warning is printed here; a failure is the adapter's to raise.
   */
  check(scope: Scope): Promise<Checked | undefined> | undefined;
  /** The worker's part is over (a test file ended): undoes what `startWorker` installed. */
  stop(): void;
  /**
   * A runner internal the adapter relies on is not there (`what`: "jest-circus's
   * `rootDescribeBlock`"): says so in one line, naming the runner's version, marks the run
   * `skipped` in its report, and stops. The adapter then leaves the runner alone.
   */
  lacks(what: string): void;
}

/**
 * Starts reaper in a test worker: validates the options, installs the spawn hook and the
 * interrupt guard, sets the project root (the one the runner's main process chose). Undefined when
 * reaper is off (`mode: 'off'`) or cannot run here: an unsupported platform or runner version,
 * said once (by the main process when a reporter or plugin started the run, else here).
 */
export function startWorker(settings: WorkerSettings): Worker | undefined {
  const options = resolveOptions(settings.options ?? {}, { source: settings.source });
  readSwitches();
  if (options.mode === 'off') return undefined;
  const skipped = skipReason();
  if (skipped) {
    noticeOnce(`reaper: ${skipped}; leaked processes are not checked.`);
    return undefined;
  }
  const fromRun = process.env[INTERNAL_VARS.root];
  const root = fromRun || settings.root || process.cwd();
  // The run's main process looked the runner up already (once, not once per test file).
  const checked = process.env[INTERNAL_VARS.runnerChecked] === runnerCheckedBy(settings.runner, root);
  const version = checked ? {} : checkRunnerVersion(settings.runner, root);
  if (version.refused) {
    if (!fromRun) noticeOnce(version.refused.message);
    return undefined;
  }
  if (version.untested && !fromRun) noticeOnce(version.untested);
  // Files run one after another in a worker: a new one means the last one is over, even if it
  // never reached its end (its hook install and guard would otherwise stay for the worker's life).
  const realm = getRealm();
  realm.stopWorker?.();
  installHook();
  if (settings.errorClass) realm.errorClass = settings.errorClass;
  // Ctrl-C or a CI cancel that reaches this worker, or a worker left without its parent: what the
  // running test and file spawned is ended before the worker goes. Armed at the file's first
  // recorded spawn (record.ts): a file that spawns nothing has nothing to guard, and pays nothing.
  let unguard: (() => void) | undefined;
  const arm = () => {
    unguard ??= spawned().guardInterrupts(options);
  };
  realm.armInterruptGuard = arm;
  setProjectRoot(root);
  registerInternalPath(settings.adapterDirectory);
  for (const fragment of settings.runnerPaths ?? []) registerRunnerPath(fragment);

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (realm.stopWorker === stop) realm.stopWorker = undefined;
    realm.chooseScope = undefined;
    if (realm.armInterruptGuard === arm) realm.armInterruptGuard = undefined;
    unguard?.();
    uninstallHook();
    // A scope reaps its adopted orphans' zombies when it saw some; what was adopted later (a
    // process `allow` let live, one that escaped) is reaped here, when the file ends. Only a process
    // that adopts orphans has any: PID 1, or a subreaper (made so at a scope's first spawn).
    if (process.pid === 1 || realm.subreaper === true) spawned().reapAdoptedZombies();
  };
  realm.stopWorker = stop;
  const files = new Map<string | null | undefined, string | null>();
  return {
    options,
    root,
    hookTimeoutMs: options.settleMs + options.graceMs + options.killWaitMs + 10_000,
    fileOf(path) {
      let file = files.get(path);
      if (file === undefined) {
        file = relativeFile(root, path);
        files.set(path, file);
      }
      return file;
    },
    open(init) {
      // A file's outermost scope: its `end` mark, when it is checked, says its checks all ran.
      if (init.scope === 'file' || init.scope === 'run') sendFileMark('begin', init.file ?? null);
      return openScope(init);
    },
    chooseScope(chooser) {
      realm.chooseScope = chooser;
    },
    check(scope) {
      const outermost = scope.kind === 'file' || scope.kind === 'run';
      // Most tests spawn nothing (no mark: it is taken at a scope's first spawn), and closeScope
      // would find nothing to do: the scope is retired here, without a promise to wait for.
      if (!scope.mark) {
        retireScope(scope);
        if (outermost) sendFileMark('end', scope.file);
        return undefined;
      }
      const { closeScope, declarationOf, judge } = spawned();
      return closeScope(scope, options).then((result) => {
        const spawned = result.spawned.length > 0 || result.leaked.length > 0;
        // The result goes to the main process before the file is marked checked: a worker that dies
        // between the two leaves the file `unfinished`, never called finished without its result.
        if (spawned) sendResult(result);
        if (outermost) sendFileMark('end', scope.file);
        if (!spawned) return undefined;
        const declaredAt = result.leaked.length > 0 ? declarationOf(scope, root) : null;
        const verdict = judge(result, options.mode, root, declaredAt);
        if (verdict.action === 'warn') console.warn(verdict.message);
        return { result, verdict };
      });
    },
    stop,
    lacks(what) {
      stop();
      const found = version.version ?? findRunnerVersion(settings.runner, root);
      const reason = `${settings.runner.name}${found ? ` ${found}` : ''} lacks ${what}, which ${settings.runner.adapter} relies on`;
      noticeOnce(
        `reaper: ${reason}; leaked processes are NOT checked in the test files run without it. Gate the run with \`reaper run -- <your test command>\` (@reaper/cli), which works with any runner.`,
      );
      sendLacking(reason);
    },
  };
}
