import { ChildProcess } from 'node:child_process';
import { afterSpawn, beforeSpawn } from './record.js';

type SpawnMethod = (this: ChildProcess, options: SpawnOptionsInternal) => unknown;
interface SpawnOptionsInternal {
  file?: string;
  args?: string[];
  envPairs?: string[];
}

const WRAPPED = Symbol.for('reaper.wrapped');

/**
 * Wraps `ChildProcess.prototype.spawn`: spawn, exec, execFile and fork all create a ChildProcess and
 * call it, whatever the import style and even when the function was captured before the hook was
 * installed; so do execa, cross-spawn, tinyexec and every other library built on them.
 * Returns the function that undoes it.
 */
export function patchAsyncSpawn(isCurrent: () => boolean): () => void {
  const proto = ChildProcess.prototype as unknown as { spawn: SpawnMethod };
  const original = proto.spawn;
  const wrapped: SpawnMethod = function spawn(this: ChildProcess, options) {
    const pending =
      isCurrent() && options && typeof options === 'object' ? beforeSpawn(options.envPairs) : undefined;
    if (!pending) return original.call(this, options);
    options.envPairs = pending.envPairs;
    const result = original.call(this, options);
    if (typeof this.pid === 'number') {
      afterSpawn(pending, this.pid, options.args ?? [options.file ?? ''], this);
    }
    return result;
  };
  Object.defineProperty(wrapped, WRAPPED, { value: original });
  proto.spawn = wrapped;
  return () => {
    // Someone wrapped after us (nyc's spawn-wrap, another tool): leave their wrapper in place; the
    // caller marks the hook inactive so ours passes straight through.
    if (proto.spawn === wrapped) proto.spawn = original;
  };
}
