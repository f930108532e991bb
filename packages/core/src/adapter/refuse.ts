import { INTERNAL_VARS } from '../env.js';
import { runSide } from '../lazy/parts.js';
import { resolveOptions } from '../options.js';
import type { RunSettings } from './run.js';
import { checkRunnerVersion, runnerCheckedBy } from './version.js';

/** The last settings an adapter loaded with while its refusal waits to be said (see `refuseAtLoad`). */
let pending: RunSettings | undefined;

/**
 * At an adapter's load, before the runner calls anything of it: whether the runner the project
 * resolves is a version the adapter refuses. Then the adapter stays inert, and the refusal is said
 * from here, for runners that may call nothing else of it (Mocha before its root-hook plugins calls
 * nothing a `--require` module exports): its one line, and the `skipped` report where `outputFile`
 * asks for one. Both come once the loading code is done (a microtask), with the settings of the
 * last call: a plugin made in a file of the user's own, with its options, comes after the
 * adapter's default one. In a process whose run started above it (a worker of the run, which
 * inherits the root), nothing is said: the run's main process said it.
 */
export function refuseAtLoad(settings: RunSettings): boolean {
  const options = resolveOptions(settings.options ?? {}, { source: settings.source });
  if (options.mode === 'off') return false;
  const fromRun = process.env[INTERNAL_VARS.root];
  const root = fromRun || settings.root;
  if (process.env[INTERNAL_VARS.runnerChecked] === runnerCheckedBy(settings.runner, root)) return false;
  if (!checkRunnerVersion(settings.runner, root).refused) return false;
  if (fromRun) return true;
  if (!pending) queueMicrotask(publishRefusal);
  pending = settings;
  return true;
}

function publishRefusal(): void {
  const settings = pending;
  if (!settings) return;
  // Started and finished at once: the notice, the `skipped` report, and the root for workers.
  runSide().startRun(settings).finish([]);
}
