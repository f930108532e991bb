import type { Report } from '@reaper/core';

/**
 * A report's entries as sorted lines, `scope file test: spawned / leaked`: the commands each
 * scope spawned, then those it left behind with their kind (`sleep 421 (child)`).
 */
export function spawnedAndLeaked(report: Report | undefined): string[] {
  return (report?.entries ?? [])
    .map(
      (e) =>
        `${e.scope} ${e.file} ${e.test}: ${e.spawned.map((p) => p.command)} / ${e.leaked.map((p) => `${p.command} (${p.kind})`)}`,
    )
    .sort();
}
