import { readdirSync, readlinkSync } from 'node:fs';
import { readProcFile } from './proc-file.js';

/** `/proc/net/tcp` state of a listening socket. */
const TCP_LISTEN = '0A';
/** `/proc/net/udp` state of a bound socket that is not connected to a peer (a server's). */
const UDP_UNCONNECTED = '07';

/**
 * The ports a process listens on: TCP sockets in LISTEN and bound, unconnected UDP sockets, found
 * by its socket inodes (`/proc/<pid>/fd`) in its network namespace's `/proc/<pid>/net/{tcp,tcp6,
 * udp,udp6}`. Sorted, each once; empty when it has none or they cannot be read (gone, not ours).
 * Costs a readlink per open file: for leaked processes only, never on the clean path.
 */
export function listeningPorts(pid: number, procRoot = '/proc'): number[] {
  const inodes = socketInodes(`${procRoot}/${pid}`);
  if (inodes.size === 0) return [];
  const ports = new Set<number>();
  for (const [table, state] of [
    ['tcp', TCP_LISTEN],
    ['tcp6', TCP_LISTEN],
    ['udp', UDP_UNCONNECTED],
    ['udp6', UDP_UNCONNECTED],
  ] as const) {
    for (const port of portsInState(readProcFile(`${procRoot}/${pid}/net/${table}`) ?? '', state, inodes)) {
      ports.add(port);
    }
  }
  return [...ports].sort((a, b) => a - b);
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
    let link: string;
    try {
      link = readlinkSync(`${processDir}/fd/${fd}`);
    } catch {
      continue;
    }
    const match = /^socket:\[(\d+)\]$/.exec(link);
    if (match) inodes.add(match[1]!);
  }
  return inodes;
}

/**
 * Local ports of the sockets in `state` that are among `inodes`, from one `/proc/net/{tcp,udp}[6]`
 * table (`sl local_address rem_address st … uid timeout inode`, addresses as `hex-ip:hex-port`).
 */
export function portsInState(text: string, state: string, inodes: ReadonlySet<string>): number[] {
  const ports: number[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== state || !inodes.has(fields[9]!)) continue;
    const port = Number.parseInt(fields[1]!.split(':')[1] ?? '', 16);
    if (port > 0) ports.push(port);
  }
  return ports;
}
