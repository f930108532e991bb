import { ChildProcess } from 'node:child_process';
import { getRealm } from '../realm.js';
import { afterSpawn, beforeSpawn } from './spawn-gate.js';

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
    const current = isCurrent();
    const pending =
      current && options && typeof options === 'object' ? beforeSpawn(options.envPairs) : undefined;
    if (!pending) {
      const result = original.call(this, options);
      if (current) trackChild(this);
      return result;
    }
    options.envPairs = pending.envPairs;
    const result = original.call(this, options);
    if (typeof this.pid === 'number') {
      afterSpawn(pending, this.pid, options.args ?? [options.file ?? ''], this);
    }
    trackChild(this);
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

/** Every child Node starts is libuv's to reap: remember it until its exit, whoever spawned it. */
function trackChild(child: ChildProcess): void {
  const pid = child.pid;
  if (typeof pid !== 'number') return;
  const own = getRealm().ownChildren;
  own.add(pid);
  child.once('exit', () => own.delete(pid));
}
