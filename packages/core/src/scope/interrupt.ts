import { clearInterval, setInterval } from 'node:timers';
import { runInThisContext } from 'node:vm';
import { uniqueHex } from '../ids.js';
import { spawned } from '../lazy/parts.js';
import { getRealm } from '../realm.js';
import { COOKIE_VAR } from '../table/types.js';
import type { CloseOptions } from './close.js';
import { handledElsewhere, listenFirst, othersListen } from './signals.js';

/** On an interrupt, the ladder is shortened to this: the worker is about to go. */
const INTERRUPT_BUDGET_MS = 500;
const PARENT_POLL_MS = 1000;

/**
 * When a worker is interrupted (SIGINT/SIGTERM/SIGHUP, as when only the runner's main process was
 * signalled and passes it on), loses its parent, or exits with scopes still open, reaper ends what
 * the running test and file spawned before the worker goes — bounded, best effort. A forked worker
 * that lost its parent and its IPC channel then exits. Once per realm; returns the function that
 * removes the guard.
 */
export function guardInterrupts(options: CloseOptions): () => void {
  const realm = getRealm();
  const process = realProcess();
  if (realm.interruptGuard) return realm.interruptGuard;
  const budget = {
    ...options,
    settleMs: 0,
    graceMs: Math.min(options.graceMs, INTERRUPT_BUDGET_MS),
    killWaitMs: Math.min(options.killWaitMs, INTERRUPT_BUDGET_MS),
  };
  let reaping: Promise<void> | undefined;
  const reapOpenScopes = () => {
    reaping ??= (async () => {
      const open = [...realm.scopesById.values()].reverse();
      for (const scope of open)
        await spawned()
          .closeScope(scope, budget)
          .catch(() => undefined);
    })();
    return reaping;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    // A signal the test or the code under test listens for is theirs (a CLI's graceful shutdown, a
    // test that signals itself): the worker lives on, and so does what its test runs.
    if (handledElsewhere(process, signal)) return;
    remove();
    void reapOpenScopes().finally(() => {
      // Nobody handles it: the default action (exit) is ours to restore, unless someone started
      // listening meanwhile.
      if (!othersListen(process, signal)) process.kill(process.pid, signal);
    });
  };
  // Last resort, when the worker exits with scopes open: no waiting is possible, so SIGKILL.
  const onExit = () => {
    const { findOwned, getProcessTable, signalIfSame } = spawned();
    const table = getProcessTable();
    for (const scope of realm.scopesById.values()) {
      for (const owned of findOwned(scope, table).owned.values()) {
        if (owned.kind !== 'zombie') signalIfSame(table, owned.info.pid, owned.info.startTime, 'SIGKILL');
      }
    }
  };
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(watch);
      void reapOpenScopes().finally(() => {
        // A forked worker whose runner is gone (IPC channel closed) would otherwise hang on, on a
        // test that will never finish; nothing is left to report to.
        if (typeof process.send === 'function' && !process.connected) process.exit(1);
      });
    }
  }, PARENT_POLL_MS);
  watch.unref();

  const unlisten = listenFirst(process, onSignal);
  process.on('exit', onExit);
  const remove = () => {
    unlisten();
    process.off('exit', onExit);
    clearInterval(watch);
    realm.interruptGuard = undefined;
  };
  realm.interruptGuard = remove;
  return remove;
}

/**
 * The process object of the Node realm. A runner's sandbox (Jest gives each test file one) has a
 * stand-in `process` whose listeners never see a real signal; `vm.runInThisContext` evaluates in
 * the realm the `vm` module belongs to, which is the real one.
 */
function realProcess(): NodeJS.Process {
  try {
    const candidate = runInThisContext('process') as NodeJS.Process | undefined;
    if (candidate && typeof candidate.on === 'function' && candidate.pid === globalThis.process.pid)
      return candidate;
  } catch {
    // Fall through to this realm's.
  }
  return globalThis.process;
}

/**
 * For a runner's main process (where the Vitest plugin and the Jest reporter live): adds a run token
 * to `REAPER_COOKIE` in this process's environment, which every worker started afterwards — and
 * everything they spawn — inherits. When the main process is interrupted (SIGINT/SIGTERM/SIGHUP),
 * every process carrying the token is SIGKILLed at once: workers that cannot see the signal (worker
 * threads) or will not outlive their runner anyway, and whatever their tests left running; then
 * `onInterrupted` writes what was checked. Then the signal takes its course. Once per process;
 * returns the function that removes the guard. `patient`: the runner stops its own workers
 * gracefully on an interrupt and finishes its run (Playwright: the running test is cut, its
 * teardown and reaper's checks still run); the guard then steps in only at a second signal, as a
 * user does who presses Ctrl-C again because the graceful stop hangs.
 */
export function guardRun(
  onInterrupted?: (signal: NodeJS.Signals) => void,
  { patient = false }: { patient?: boolean } = {},
): () => void {
  const process = realProcess();
  const holder = process as unknown as { [RUN_GUARD]?: () => void };
  const existing = holder[RUN_GUARD];
  if (existing) return existing;
  const token = `run-${uniqueHex(6)}`;
  const tokens = (process.env[COOKIE_VAR] ?? '').split(' ').filter(Boolean);
  process.env[COOKIE_VAR] = [...tokens, token].join(' ');

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // Where tests run in this same process (Mocha serial, Jest in band), a signal they listen for
    // is theirs; elsewhere a runner's own listener (Vitest's) ends the run, and the guard goes first.
    if (getRealm().interruptGuard && handledElsewhere(process, signal)) return;
    // A runner that stops gracefully by itself gets its first signal to itself.
    if (patient && signals++ === 0 && othersListen(process, signal)) return;
    remove();
    const { getProcessTable, signalIfSame } = spawned();
    const table = getProcessTable();
    for (const info of table.listAll().values()) {
      if (info.pid === process.pid || info.state === 'zombie') continue;
      if (table.cookie(info.pid)?.includes(token)) signalIfSame(table, info.pid, info.startTime, 'SIGKILL');
    }
    // The run may end here: what its workers checked before it still makes a report.
    try {
      onInterrupted?.(signal);
    } catch {
      // A report that cannot be written must not keep the signal from its course.
    }
    if (!othersListen(process, signal)) process.kill(process.pid, signal);
  };
  const unlisten = listenFirst(process, onSignal);
  const remove = () => {
    unlisten();
    delete holder[RUN_GUARD];
  };
  holder[RUN_GUARD] = remove;
  return remove;
}

const RUN_GUARD = Symbol.for('reaper.runGuard');
