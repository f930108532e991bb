import { spawned } from '../lazy/parts.js';
import { getRealm } from '../realm.js';
import { currentScope } from '../scope/registry.js';
import type { PendingSpawn, afterSpawn as recordAfterSpawn } from './record.js';

/**
 * The hooks' way to `record.ts`: a spawn that belongs to no test (no scope is current, or reaper's
 * own code spawns) is let through here, and only a spawn in a scope loads the part that records it.
 */
export function beforeSpawn(envPairs: unknown): PendingSpawn | undefined {
  const realm = getRealm();
  if (realm.suspended > 0 || !currentScope(realm)) return undefined;
  return spawned().beforeSpawn(envPairs);
}

/** See `record.ts`: called only for a spawn `beforeSpawn` took. */
export function afterSpawn(...args: Parameters<typeof recordAfterSpawn>): void {
  spawned().afterSpawn(...args);
}
