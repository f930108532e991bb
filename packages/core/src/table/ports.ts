import { readdirSync, readlinkSync } from 'node:fs';
import { loadFfi } from '../terminate/ffi.js';
import { readProcFile } from './proc-file.js';

/** `/proc/net/tcp` state of a listening socket. */
const TCP_LISTEN = '0A';
/** `/proc/net/udp` state of a bound socket that is not connected to a peer (a server's). */
const UDP_UNCONNECTED = '07';
const TABLES = [
  ['tcp', TCP_LISTEN],
  ['tcp6', TCP_LISTEN],
  ['udp', UDP_UNCONNECTED],
  ['udp6', UDP_UNCONNECTED],
] as const;

/** The ports a process listens on, by pid. */
export type PortReader = (pid: number) => number[];

/**
 * The listening sockets of this process's network namespace that a leaked process could hold: port
 * by inode; undefined when they cannot be listed so (the reader then reads `/proc/<pid>/net`).
 */
export type ListenerDump = () => Map<string, number> | undefined;

/** `1 << TCP_LISTEN` and `1 << TCP_CLOSE` (an unconnected UDP socket's state) for `sock_diag`. */
const LISTEN_STATES = [
  ['tcp', 1 << 10],
  ['udp', 1 << 7],
] as const;

/**
 * The listening TCP and unconnected UDP sockets (v4 and v6) of this network namespace, by one
 * netlink `sock_diag` dump each (with koffi; undefined without it, or when a dump fails): a
 * fraction of a millisecond where `/proc/net/tcp` walks the whole connection table. When this
 * process is not root, only the sockets of its own uid: a process whose open files it may read runs
 * as it and has never changed its credentials (the kernel makes one that did unreadable), so any
 * socket it made is this uid's.
 */
export const dumpListeners: ListenerDump = () => {
  const ffi = loadFfi();
  if (!ffi) return undefined;
  const uid = process.geteuid?.() ?? 0;
  const ports = new Map<string, number>();
  for (const family of ['inet', 'inet6'] as const) {
    for (const [protocol, states] of LISTEN_STATES) {
      const sockets = ffi.sockets(family, protocol, states);
      if (!sockets) return undefined;
      for (const socket of sockets) {
        if (uid === 0 || socket.uid === uid) ports.set(String(socket.inode), socket.port);
      }
    }
  }
  return ports;
};

/**
 * A reader of the ports processes listen on: TCP sockets in LISTEN and bound, unconnected UDP
 * sockets, found by each process's socket inodes (`/proc/<pid>/fd`) among its network namespace's.
 * Sorted, each once; empty when it has none or they cannot be read (gone, not ours). For leaked
 * processes only, never on the clean path; one reader per teardown.
 *
 * A process in this process's network namespace (nearly all) is matched against one `dump` of its
 * listening sockets, taken when the first process needs it, less those listed in `before` (see
 * `noteListenersBefore`): when none is left, no process needs its open files read at all, which is
 * most of what describing a leaked process costs. Any other namespace's tables are read from
 * `/proc/<pid>/net/{tcp,tcp6,udp,udp6}` (and without a dump, this one's too), once per namespace,
 * when a process first needs them.
 *
 * Most leaked processes hold sockets that are not network sockets at all: Node's piped stdio are
 * Unix socketpairs, inherited by everything below. The TCP tables cost milliseconds each (the
 * kernel walks its whole connection hash table), the Unix table a fraction of one (it lists only
 * the sockets there are): a process whose sockets are all in the Unix table costs no TCP read.
 */
export function createPortReader(
  procRoot = '/proc',
  dump: ListenerDump | undefined = procRoot === '/proc' ? dumpListeners : undefined,
  before?: ReadonlySet<string> | null,
): PortReader {
  // This process's namespace, and its listening sockets (null: the dump failed); read once, lazily.
  let ownNamespace: string | undefined;
  let dumped: Map<string, number> | null | undefined;
  const namespaces = new Map<string, { unixRead?: boolean; inet?: Map<string, number> }>();
  // Socket inodes are unique across network namespaces: one set serves every table read.
  const unix = new Set<string>();
  const allUnix = (inodes: Set<string>) => [...inodes].every((inode) => unix.has(inode));
  const inOwnNamespace = (key: string | undefined) => {
    ownNamespace ??= readLink(`${procRoot}/self/ns/net`);
    return key !== undefined && key === ownNamespace;
  };
  return (pid) => {
    const processDir = `${procRoot}/${pid}`;
    if (dump && dumped === undefined) {
      dumped = dump() ?? null;
      // Sockets that were listening before this process first spawned, held by others: no process
      // it spawned can hold one (short of being handed it over a Unix socket).
      if (dumped && before) for (const inode of before) dumped.delete(inode);
    }
    let key: string | undefined;
    if (dumped) {
      // No listening socket here at all: only a process of another namespace can have one.
      if (dumped.size === 0) {
        key = readLink(`${processDir}/ns/net`);
        if (key === undefined || inOwnNamespace(key)) return [];
      }
      const inodes = socketInodes(processDir);
      if (inodes.size === 0) return [];
      const ports = portsOf(inodes, dumped);
      // Inodes are unique across namespaces: a socket of the dump is this namespace's, and so is
      // the process that holds it; else the namespace says whether the dump is the one to trust.
      if (ports.length > 0) return ports;
      key ??= readLink(`${processDir}/ns/net`);
      if (key === undefined || inOwnNamespace(key)) return [];
      return portsInNamespace(processDir, key, inodes);
    }
    const inodes = socketInodes(processDir);
    if (inodes.size === 0) return [];
    return portsInNamespace(processDir, readLink(`${processDir}/ns/net`), inodes);
  };

  /** The ports among `inodes` in the tables of `/proc/<pid>/net`, read once per namespace. */
  function portsInNamespace(processDir: string, key: string | undefined, inodes: Set<string>): number[] {
    if (allUnix(inodes)) return [];
    let namespace = namespaces.get(key ?? processDir);
    if (!namespace) {
      namespace = {};
      namespaces.set(key ?? processDir, namespace);
    }
    if (!namespace.unixRead) {
      namespace.unixRead = true;
      for (const inode of unixInodes(readProcFile(`${processDir}/net/unix`) ?? '')) unix.add(inode);
      if (allUnix(inodes)) return [];
    }
    let inet = namespace.inet;
    if (!inet) {
      inet = new Map();
      for (const [table, state] of TABLES) {
        const text = readProcFile(`${processDir}/net/${table}`) ?? '';
        for (const [inode, port] of portsByInode(text, state)) inet.set(inode, port);
      }
      namespace.inet = inet;
    }
    return portsOf(inodes, inet);
  }
}

/** The ports of the sockets among `inodes`, sorted, each once. */
function portsOf(inodes: Set<string>, portByInode: Map<string, number>): number[] {
  const found = new Set<number>();
  for (const inode of inodes) {
    const port = portByInode.get(inode);
    if (port !== undefined) found.add(port);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * The inodes of the Unix sockets in one `/proc/net/unix`
 * (`Num RefCount Protocol Flags Type St Inode [Path]`).
 */
export function unixInodes(text: string): Set<string> {
  const inodes = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    const inode = line.trim().split(/\s+/)[6];
    if (inode) inodes.add(inode);
  }
  return inodes;
}

/** The inodes of the sockets among a process's open files (`/proc/<pid>`, or `/proc/self`). */
export function socketInodes(processDir: string): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`${processDir}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    const match = /^socket:\[(\d+)\]$/.exec(readLink(`${processDir}/fd/${fd}`) ?? '');
    if (match) inodes.add(match[1]!);
  }
  return inodes;
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The local port of each socket in `state`, by inode, from one `/proc/net/{tcp,udp}[6]` table
 * (`sl local_address rem_address st … uid timeout inode`, addresses as `hex-ip:hex-port`).
 */
export function portsByInode(text: string, state: string): Map<string, number> {
  const ports = new Map<string, number>();
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== state) continue;
    const port = Number.parseInt(fields[1]!.split(':')[1] ?? '', 16);
    if (port > 0) ports.set(fields[9]!, port);
  }
  return ports;
}
