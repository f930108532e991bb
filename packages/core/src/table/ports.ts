import { readdirSync, readlinkSync } from 'node:fs';
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
 * A reader of the ports processes listen on: TCP sockets in LISTEN and bound, unconnected UDP
 * sockets, found by each process's socket inodes (`/proc/<pid>/fd`) in its network namespace's
 * `/proc/<pid>/net/{tcp,tcp6,udp,udp6}`. Sorted, each once; empty when it has none or they cannot
 * be read (gone, not ours). For leaked processes only, never on the clean path; one reader per
 * teardown, and each table is read once per network namespace, when a process first needs it.
 *
 * Most leaked processes hold sockets that are not network sockets at all: Node's piped stdio are
 * Unix socketpairs, inherited by everything below. The TCP tables cost milliseconds each (the
 * kernel walks its whole connection hash table), the Unix table a fraction of one (it lists only
 * the sockets there are): a process whose sockets are all in the Unix table costs no TCP read.
 */
export function createPortReader(procRoot = '/proc'): PortReader {
  const namespaces = new Map<string, { unixRead?: boolean; inet?: Map<string, number> }>();
  // Socket inodes are unique across network namespaces: one set serves every table read.
  const unix = new Set<string>();
  const allUnix = (inodes: Set<string>) => [...inodes].every((inode) => unix.has(inode));
  return (pid) => {
    const processDir = `${procRoot}/${pid}`;
    const inodes = socketInodes(processDir);
    if (inodes.size === 0 || allUnix(inodes)) return [];
    const key = readLink(`${processDir}/ns/net`) ?? processDir;
    let namespace = namespaces.get(key);
    if (!namespace) {
      namespace = {};
      namespaces.set(key, namespace);
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
    const found = new Set<number>();
    for (const inode of inodes) {
      const port = inet.get(inode);
      if (port !== undefined) found.add(port);
    }
    return [...found].sort((a, b) => a - b);
  };
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

/** The inodes of the sockets among a process's open files. */
function socketInodes(processDir: string): Set<string> {
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
