import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { afterSpawn, beforeSpawn } from './spawn-gate.js';

interface SpawnSyncBinding {
  spawn(options: { file?: string; args?: string[]; envPairs?: string[] }): {
    pid?: number;
    status?: number | null;
    signal?: string | null;
  };
}

/**
 * The sync path (spawnSync, execSync, execFileSync) never touches ChildProcess. Node's spawnSync
 * calls `spawn` on its `spawn_sync` binding at call time, so wrapping that one function catches all
 * three, whatever the import style. Where the binding is not reachable (`--permission`), the three
 * exports are wrapped and synced into ESM named imports instead; functions captured before that
 * are then missed. Returns the mechanism used and the function that undoes it.
 */
export function patchSyncSpawn(isCurrent: () => boolean): { via: 'binding' | 'exports'; undo: () => void } {
  const binding = loadBinding();
  if (binding) {
    const original = binding.spawn;
    const wrapped: SpawnSyncBinding['spawn'] = function spawn(this: unknown, options) {
      const pending =
        isCurrent() && options && typeof options === 'object' ? beforeSpawn(options.envPairs) : undefined;
      if (!pending) return original.call(this, options);
      options.envPairs = pending.envPairs;
      const result = original.call(this, options);
      if (result && typeof result.pid === 'number' && result.pid > 0) {
        afterSpawn(pending, result.pid, options.args ?? [options.file ?? ''], undefined, {
          exitCode: result.status ?? null,
          signal: result.signal ?? null,
        });
      }
      return result;
    };
    binding.spawn = wrapped;
    return {
      via: 'binding',
      undo: () => {
        if (binding.spawn === wrapped) binding.spawn = original;
      },
    };
  }
  return { via: 'exports', undo: patchSyncExports(isCurrent) };
}

function loadBinding(): SpawnSyncBinding | undefined {
  const legacy = process as unknown as { binding?: (name: string) => unknown; noDeprecation?: boolean };
  if (typeof legacy.binding !== 'function') return undefined;
  // process.binding is documented as deprecated (DEP0111) and warns under --pending-deprecation;
  // keep that warning out of the user's output.
  const saved = legacy.noDeprecation;
  try {
    legacy.noDeprecation = true;
    const binding = legacy.binding('spawn_sync') as SpawnSyncBinding | undefined;
    return binding && typeof binding.spawn === 'function' ? binding : undefined;
  } catch {
    return undefined;
  } finally {
    legacy.noDeprecation = saved;
  }
}

type AnyFn = (...args: unknown[]) => unknown;
const SYNC_EXPORTS = ['spawnSync', 'execSync', 'execFileSync'] as const;

function patchSyncExports(isCurrent: () => boolean): () => void {
  const cp = childProcess as unknown as Record<string, AnyFn>;
  const originals = new Map<string, AnyFn>();
  for (const name of SYNC_EXPORTS) {
    const original = cp[name]!;
    originals.set(name, original);
    cp[name] = function (this: unknown, ...args: unknown[]) {
      const pending = isCurrent() ? beforeSpawn(undefined) : undefined;
      if (!pending) return original.apply(this, args);
      const options = optionsArgument(args);
      const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
      const cookie = pending.envPairs.at(-1)!;
      const eq = cookie.indexOf('=');
      const inheritedCookie = env[cookie.slice(0, eq)];
      env[cookie.slice(0, eq)] = [inheritedCookie, cookie.slice(eq + 1)].filter(Boolean).join(' ');
      options.env = env;
      const result = original.apply(this, args) as {
        pid?: number;
        status?: number | null;
        signal?: string | null;
      };
      const isSpawnSync = name === 'spawnSync' && result && typeof result === 'object';
      const pid = isSpawnSync && typeof result.pid === 'number' ? result.pid : 0;
      // execSync and execFileSync return only when the command exited 0 (else they throw).
      const ended = isSpawnSync
        ? { exitCode: result.status ?? null, signal: result.signal ?? null }
        : { exitCode: 0, signal: null };
      afterSpawn(pending, pid, [String(args[0])], undefined, ended);
      return result;
    };
  }
  syncBuiltinESMExports();
  return () => {
    for (const [name, original] of originals) cp[name] = original;
    syncBuiltinESMExports();
  };
}

/** The options object of a sync call, appended when the caller passed none. */
function optionsArgument(args: unknown[]): { env?: NodeJS.ProcessEnv } {
  const last = args.at(-1);
  if (args.length > 1 && last && typeof last === 'object' && !Array.isArray(last)) {
    const copy = { ...(last as object) };
    args[args.length - 1] = copy;
    return copy;
  }
  const fresh = {};
  args.push(fresh);
  return fresh;
}
