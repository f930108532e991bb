import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawned } from '../lazy/parts.js';
import { getRealm } from '../realm.js';
import { isPlatformSupported } from '../table/platform.js';
import { readProcFile } from '../table/proc-file.js';
import { thisThread } from '../thread.js';

/**
 * Prints `message` as a warning once per realm (a worker sees many test files), and once among the
 * processes that share notices: a worker thread's notices are its process's; the processes a
 * runner's main process starts share theirs once `shareNoticesWithSiblings` said so (see there).
 */
export function noticeOnce(message: string): void {
  const realm = getRealm();
  if (realm.notices.has(message)) return;
  realm.notices.add(message);
  if (realm.noticesParent !== undefined) {
    realm.noticesAmong ??= processIdentity(realm.noticesParent);
    realm.noticesParent = undefined;
  }
  const among = realm.noticesAmong ?? (thisThread().isMainThread ? undefined : processIdentity(process.pid));
  if (among && !claimNotice(among, message)) return;
  console.warn(message);
}

/**
 * This process is one of those the runner's main process starts for test files, and that main
 * process loads no reaper (`node --test` without reaper's reporter, Jest's worker processes without
 * its reporter): each would say the same line, so they say it once among them — the first to claim
 * it, by its parent's identity (pid and start time: a reused pid is another run).
 */
export function shareNoticesWithSiblings(): void {
  // Its identity is read when a line is first said (`noticeOnce`): a worker of a run that says none,
  // as most do, never reads it, nor loads the part of the kit that parses it.
  getRealm().noticesParent = process.ppid;
}

/**
 * Whether this process is the first among `among` to say `message`: an empty marker file created
 * exclusively in `<tmpdir>/reaper-notices`. Markers of processes that are gone are removed then. A
 * marker that cannot be made (a read-only tmpdir) never silences the line.
 */
function claimNotice(among: string, message: string): boolean {
  const dir = join(tmpdir(), 'reaper-notices');
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${among}-${hashOf(message)}`), '', { flag: 'wx' });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EEXIST';
  }
  removeStaleMarkers(dir);
  return true;
}

function removeStaleMarkers(dir: string): void {
  try {
    for (const name of readdirSync(dir)) {
      const [pid, start] = name.split('-');
      if (processIdentity(Number(pid)) !== `${pid}-${start}`) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // Another process cleans at the same time: its markers are tiny, and the next claim cleans.
  }
}

/**
 * `<pid>-<start time>`, where /proc has it; undefined elsewhere (macOS, the BSDs) or when it is
 * gone: there each process says its line, and no marker is left that nothing could clean.
 */
function processIdentity(pid: number): string | undefined {
  const stat = readProcFile(`/proc/${pid}/stat`);
  const startTime = stat ? spawned().parseStat(stat)?.startTime : undefined;
  return startTime === undefined ? undefined : `${pid}-${startTime}`;
}

/** FNV-1a, in hex: a notice's part of its marker's name. */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16);
}

/** Why nothing can be checked here; undefined where this platform has a process table. */
export function skipReason(): string | undefined {
  return isPlatformSupported()
    ? undefined
    : `platform \`${process.platform}\` is not supported yet (no process table backend)`;
}
