import { spawnSync } from 'node:child_process';
import { untracked } from '../hook/untracked.js';
import { monotonicNow, wallNow } from '../wall-clock.js';
import {
  ARGS_HEADER,
  argvOfRow,
  COMM_HEADER,
  environmentAfter,
  type PsRow,
  parsePsEnvironments,
  parsePsListing,
  parseSpacedCookie,
} from './ps-parse.js';
import type { ProcessStat, ProcessTable, TableMark } from './types.js';

/** Runs `ps` with these arguments and returns its output and its own pid (never a process of the table). */
export type PsRunner = (args: string[]) => { stdout: string; pid: number };

export interface PsTableSettings {
  /** Runs `ps`; tests replace it with recorded listings. @default spawns `ps` */
  run?: PsRunner;
  /** Picks the environment flag of this platform's `ps`. @default process.platform */
  platform?: NodeJS.Platform;
  /** The clock of `mark()`, in ms since the epoch. @default the real `Date.now` */
  now?: () => number;
  /** How long one listing answers `stat`, `argv` and `cookie` before another is taken. @default 10 */
  lookMs?: number;
}

/** How long a pid that left the listing is known to be gone (no new listing to look it up again). */
const GONE_MS = 1000;
/** `lstart` has whole seconds and may trail the clock by one: a mark keeps two more. */
const MARK_SLACK_SECONDS = 2;
/** The bound on one `ps` call. */
const PS_TIMEOUT_MS = 5000;
/** Processes with the same pid and start second get numbers this far apart (see `identify`). */
const GENERATIONS = 1000;

const LISTING_ARGS = [
  '-A',
  '-ww',
  '-o',
  'pid,ppid,stat,lstart',
  '-o',
  `comm=${COMM_HEADER}`,
  '-o',
  `args=${ARGS_HEADER}`,
];

/**
 * The flag that adds the environment to the command column: procps takes BSD-style `e`; on macOS
 * `-e` means every process and `-E` is the environment; FreeBSD, OpenBSD and NetBSD use `-e`.
 */
function environmentFlag(platform: NodeJS.Platform): string {
  if (platform === 'linux') return 'e';
  if (platform === 'darwin') return '-E';
  return '-e';
}

/** A process as the `ps` table knows it: the row and the identity number it was given. */
interface Seen {
  row: PsRow;
  startTime: number;
}

/** What `identify` remembers of each pid, kept a little after it is gone to catch a quick reuse. */
interface Identity {
  startSecond: number;
  generation: number;
  comm: string;
  ppid: number;
}

/**
 * Any POSIX system with `ps` (macOS, the BSDs, and Linux when asked): one `ps` listing per look,
 * whatever the number of processes. A look is `listSince` or `listAll`, or the first `stat`,
 * `argv` or `cookie` more than `lookMs` after the look's last `ps` ended; the calls of one look (the
 * ladder's identity check before each signal, ownership's walk up the parents) read that listing.
 * A pid missing from a fresh listing that was not seen leaving it (a child spawned a moment ago)
 * takes a new one. The environment needs a second `ps` (`e` adds it to every text column, comm
 * included, and cannot be told from the command line without a listing that lacks it); it is
 * taken only when a look asks for a cookie, once, for the processes that look listed.
 *
 * Identity: `lstart` has whole seconds, so `startTime` is the start second × 1000 plus a
 * generation that grows when the same pid and second show another command under another parent
 * (a pid reused within the second). A command that changes under the same parent is an exec: the
 * same process. A pid seen with a new generation is another process, and is never signalled in
 * place of the one that was checked.
 */
export function createPsTable(settings: PsTableSettings = {}): ProcessTable {
  const runner = settings.run ?? runPs;
  /** When the last `ps` ended: a listing answers until `lookMs` after the look's last `ps`. */
  let psEndedAt = Number.NEGATIVE_INFINITY;
  const run = (args: string[]) => {
    const out = runner(args);
    psEndedAt = monotonicNow();
    return out;
  };
  const envFlag = environmentFlag(settings.platform ?? process.platform);
  const now = settings.now ?? wallNow;
  const lookMs = settings.lookMs ?? 10;
  const onLinux = (settings.platform ?? process.platform) === 'linux';
  const identities = new Map<number, Identity>();
  const gone = new Map<number, number>();
  let seen = new Map<number, Seen>();
  /** The pids of the last `listSince`, or undefined after `listAll`: whose environment a look reads. */
  let lookPids: number[] | undefined;
  let environments: Map<number, string | undefined> | undefined;

  /**
   * `ps` lists itself, and another worker thread of this process (a realm of its own, with a table of
   * its own) may be running its `ps` at the same moment: never a process of any scope.
   */
  const isOwnPs = (row: PsRow) =>
    row.ppid === process.pid &&
    (row.args === `ps ${LISTING_ARGS.join(' ')}` || row.args.startsWith(`ps -ww ${envFlag} `));

  const identify = (row: PsRow): number => {
    const known = identities.get(row.pid);
    let generation = 0;
    if (known && known.startSecond === row.startSecond) {
      const reused = known.comm !== row.comm && known.ppid !== row.ppid;
      generation = reused ? known.generation + 1 : known.generation;
    }
    identities.set(row.pid, { startSecond: row.startSecond, generation, comm: row.comm, ppid: row.ppid });
    return row.startSecond * GENERATIONS + generation;
  };

  const forget = (at: number) => {
    const second = Math.floor(at / 1000);
    for (const [pid, identity] of identities) {
      if (!seen.has(pid) && identity.startSecond < second - MARK_SLACK_SECONDS) identities.delete(pid);
    }
    for (const [pid, since] of gone) if (at - since > GONE_MS) gone.delete(pid);
  };

  const list = () => {
    const { stdout, pid: psPid } = run(LISTING_ARGS);
    const next = new Map<number, Seen>();
    for (const row of parsePsListing(stdout)) {
      // On Linux, kernel threads are kthreadd (pid 2) and its children.
      if (row.pid === psPid || isOwnPs(row) || (onLinux && (row.pid === 2 || row.ppid === 2))) continue;
      next.set(row.pid, { row, startTime: identify(row) });
    }
    const at = now();
    for (const pid of seen.keys()) if (!next.has(pid)) gone.set(pid, at);
    for (const pid of next.keys()) gone.delete(pid);
    seen = next;
    environments = undefined;
    forget(at);
    return next;
  };

  /** The process from the current look, taking a new listing when the last one is stale. */
  const lookUp = (pid: number): Seen | undefined => {
    if (monotonicNow() - psEndedAt > lookMs) list();
    const found = seen.get(pid);
    if (found || gone.has(pid)) return found;
    // Not seen leaving: it may be younger than the listing. One more, and then it is known.
    const again = list().get(pid);
    if (!again) gone.set(pid, now());
    return again;
  };

  /** The environments of the look (its `listSince` pids, or every process), read once per look. */
  const readEnvironment = (pid: number): string | undefined => {
    if (environments?.has(pid)) return environments.get(pid);
    const pids = lookPids?.includes(pid) ? lookPids : lookPids ? [pid] : undefined;
    const which = pids ? ['-p', pids.join(',')] : ['-A'];
    const read = parsePsEnvironments(run(['-ww', envFlag, ...which, '-o', 'pid=', '-o', 'args=']).stdout);
    environments ??= new Map();
    // A pid asked for and not answered is gone: remembered as such for this look.
    for (const asked of pids ?? [...seen.keys()]) environments.set(asked, read.get(asked));
    return environments.get(pid);
  };

  const toStat = ({ row, startTime }: Seen): ProcessStat => ({
    pid: row.pid,
    ppid: row.ppid,
    state: row.state,
    startTime,
    comm: row.comm,
  });

  return {
    mark(): TableMark {
      return { lastPid: 0, startTime: (Math.floor(now() / 1000) - MARK_SLACK_SECONDS) * GENERATIONS };
    },
    listSince(mark) {
      const out = new Map<number, ProcessStat>();
      for (const entry of list().values()) {
        if (entry.startTime >= mark.startTime) out.set(entry.row.pid, toStat(entry));
      }
      lookPids = [...out.keys()];
      return out;
    },
    listAll() {
      const out = new Map<number, ProcessStat>();
      for (const entry of list().values()) out.set(entry.row.pid, toStat(entry));
      lookPids = undefined;
      return out;
    },
    // Whole seconds: the start second of the identity, without its generation. `ps` tells it from
    // its own idea of the boot time, which may put it a moment after now: never later than now.
    startedAtMs: (startTime) => Math.min(Math.floor(startTime / GENERATIONS) * 1000, now()),
    stat(pid) {
      const found = lookUp(pid);
      return found && toStat(found);
    },
    argv(pid) {
      const found = lookUp(pid);
      return found ? argvOfRow(found.row) : [];
    },
    cookie(pid) {
      const found = lookUp(pid);
      if (!found || found.row.state === 'zombie') return undefined;
      const line = readEnvironment(pid);
      const environment = line === undefined ? undefined : environmentAfter(line, found.row.args);
      return environment === undefined ? undefined : parseSpacedCookie(environment);
    },
  };
}

/** Spawns `ps` outside any scope (never recorded), in the C locale and UTC, with a bound. */
function runPs(args: string[]): { stdout: string; pid: number } {
  const result = untracked(() =>
    spawnSync('ps', args, {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/bin:/usr/bin', LC_ALL: 'C', TZ: 'UTC0' },
      maxBuffer: 256 * 1024 * 1024,
      timeout: PS_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  if (result.error) {
    throw new Error(
      `reaper: the ps process table (REAPER_PROCESS_TABLE=ps) could not run \`ps ${args.join(' ')}\` within ${PS_TIMEOUT_MS} ms: ${result.error.message}. Expected a POSIX \`ps\` on the PATH (procps on Linux).`,
    );
  }
  // `ps -p` exits 1 when every pid it names is gone: an empty answer. A listing always has a header.
  const empty = result.status === 1 && result.stdout.trim() === '' && args.includes('-p');
  if (result.status !== 0 && !empty) {
    throw new Error(
      `reaper: \`ps ${args.join(' ')}\` exited with ${result.status ?? result.signal}: ${result.stderr.trim()}`,
    );
  }
  return { stdout: result.stdout, pid: result.pid };
}
