import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForOutput } from '../../../../test-support/processes.js';
import { getProcessTable } from '../../src/index.js';
import { bootTimeMs, linuxStartTimeToEpochMs } from '../../src/table/clock.js';
import { listenersNotHeld } from '../../src/table/listeners-before.js';
import { createPortReader, dumpListeners, portsByInode, unixInodes } from '../../src/table/ports.js';
import { loadFfi } from '../../src/terminate/ffi.js';
import { startServer } from '../fixtures/start-server.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2222 1 0000000000000000 100 0 0 10 0
   2: 0100007F:C350 0100007F:0BB8 01 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 20 4 30 10 -1
`;

describe('portsByInode', () => {
  it('takes the local port of each socket in that state, by inode', () => {
    expect(portsByInode(TCP, '0A')).toEqual(
      new Map([
        ['1111', 3000],
        ['2222', 8080],
      ]),
    );
    expect(portsByInode(TCP, '01')).toEqual(new Map([['1111', 50000]]));
    expect(portsByInode('', '0A')).toEqual(new Map());
  });
});

const UNIX_HEADER = 'Num       RefCount Protocol Flags    Type St Inode Path';
const unixLine = (inode: string) => `0000000000000000: 00000003 00000000 00000000 0001 03 ${inode}`;
const tcpLine = (port: number, inode: string) =>
  `   0: 00000000:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0`;

describe('unixInodes', () => {
  it('takes the inode column of /proc/net/unix, named or not', () => {
    expect(unixInodes(`${UNIX_HEADER}\n${unixLine('110')}\n${unixLine('111')} /run/x.sock\n`)).toEqual(
      new Set(['110', '111']),
    );
    expect(unixInodes('')).toEqual(new Set());
  });
});

describe('createPortReader', () => {
  it('finds nothing for a process that is gone or cannot be read', () => {
    const readPorts = createPortReader();
    expect(readPorts(2 ** 22 + 1)).toEqual([]);
    expect(createPortReader('/nonexistent')(process.pid)).toEqual([]);
  });

  it('reads the TCP and UDP tables only for a process with a socket that is not a Unix one', () => {
    // A fake procfs: inode 123 is a Unix socket (a piped stdio), 456 a TCP listener. The TCP table
    // also claims 123, which no kernel does: it shows whether that table was consulted at all.
    const root = mkdtempSync(join(tmpdir(), 'reaper-proc-'));
    try {
      const fake = (pid: number, sockets: string[]) => {
        mkdirSync(join(root, String(pid), 'fd'), { recursive: true });
        mkdirSync(join(root, String(pid), 'net'));
        for (const [fd, inode] of sockets.entries()) {
          symlinkSync(`socket:[${inode}]`, join(root, String(pid), 'fd', String(fd)));
        }
        writeFileSync(join(root, String(pid), 'net', 'unix'), `${UNIX_HEADER}\n${unixLine('123')}\n`);
        writeFileSync(
          join(root, String(pid), 'net', 'tcp'),
          `${TCP.split('\n')[0]}\n${tcpLine(8080, '123')}\n${tcpLine(9090, '456')}\n`,
        );
      };
      fake(10, ['123']);
      fake(11, ['123', '456']);
      const readPorts = createPortReader(root);
      expect(readPorts(10)).toEqual([]);
      expect(readPorts(11)).toEqual([8080, 9090]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('tells two servers apart with the tables read once: each gets its own ports', async () => {
    const servers = [startServer(), startServer()];
    try {
      const expected = await Promise.all(
        servers.map(async (server) => {
          const ready = await waitForOutput(server, 'ready');
          return ready
            .trim()
            .split(' ')
            .slice(1)
            .map(Number)
            .sort((a, b) => a - b);
        }),
      );
      const readPorts = createPortReader();
      expect(servers.map((server) => readPorts(server.pid!))).toEqual(expected);
    } finally {
      for (const server of servers) server.kill('SIGKILL');
    }
  });
});

/** A server on TCP and UDP, v4 and v6 (ports chosen by the system); prints `ready` and its ports. */
function startDualStackServer(): ChildProcess {
  const script = `
    const net = require('node:net'), dgram = require('node:dgram');
    const tcp = (host) => new Promise((r) => { const s = net.createServer().listen(0, host, () => r(s.address().port)); });
    const udp = (type, host) => new Promise((r) => { const s = dgram.createSocket(type); s.bind(0, host, () => r(s.address().port)); });
    Promise.all([tcp('127.0.0.1'), tcp('::1'), udp('udp4', '127.0.0.1'), udp('udp6', '::1')])
      .then((ports) => console.log('ready', ...ports));`;
  return spawn(process.execPath, ['-e', script]);
}

describe('createPortReader on the real kernel', () => {
  it('reports TCP listeners and unconnected UDP sockets, v4 and v6, of a live process', async () => {
    const server = startDualStackServer();
    try {
      const ready = await waitForOutput(server, 'ready');
      const expected = ready.trim().split(' ').slice(1).map(Number);
      expect(expected).toHaveLength(4);
      expect(createPortReader()(server.pid!)).toEqual([...new Set(expected)].sort((a, b) => a - b));
    } finally {
      server.kill('SIGKILL');
    }
  });

  it.runIf(loadFfi() !== null)(
    'reads the listening sockets once per reader, and the open files of no process when none listens',
    async () => {
      const server = startDualStackServer();
      // Only Unix sockets (Node's piped stdio) and pipes: nothing of the dump can be its.
      const quiet = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      try {
        const ready = await waitForOutput(server, 'ready');
        const ports = ready.trim().split(' ').slice(1).map(Number);
        // The real dump: it lists the server's four sockets.
        const listed = dumpListeners();
        expect(listed).toBeDefined();
        for (const port of ports) expect([...listed!.values()]).toContain(port);
        let dumps = 0;
        const readPorts = createPortReader('/proc', () => {
          dumps++;
          return dumpListeners();
        });
        expect(readPorts(quiet.pid!)).toEqual([]);
        expect(readPorts(server.pid!)).toEqual([...new Set(ports)].sort((a, b) => a - b));
        expect(dumps).toBe(1);
        // A dump that lists nothing is trusted for this namespace: no process's open files or
        // tables are read then (the server's would show its ports).
        const nothingListens = createPortReader('/proc', () => new Map());
        expect(nothingListens(server.pid!)).toEqual([]);
        expect(nothingListens(quiet.pid!)).toEqual([]);
      } finally {
        server.kill('SIGKILL');
        quiet.kill('SIGKILL');
      }
    },
  );
});

describe('listening sockets from before the first spawn', () => {
  it("leaves them out of the dump: a process's open files are not read for them", () => {
    // A fake procfs: pid 12 holds socket 777 (listening before the first spawn: PID 1's, say),
    // pid 13 holds 888 (listening since). No ns/net link: a process whose open files are not read
    // reads as this namespace's and gets no ports.
    const root = mkdtempSync(join(tmpdir(), 'reaper-proc-'));
    try {
      for (const [pid, inode] of [
        [12, '777'],
        [13, '888'],
      ] as const) {
        mkdirSync(join(root, String(pid), 'fd'), { recursive: true });
        symlinkSync(`socket:[${inode}]`, join(root, String(pid), 'fd', '3'));
      }
      const dump = () =>
        new Map([
          ['777', 2024],
          ['888', 8080],
        ]);
      const all = createPortReader(root, dump);
      expect([all(12), all(13)]).toEqual([[2024], [8080]]);
      const since = createPortReader(root, dump, new Set(['777']));
      expect([since(12), since(13)]).toEqual([[], [8080]]);
      // With every listener from before, no process's open files are read at all.
      const none = createPortReader(root, dump, new Set(['777', '888']));
      expect([none(12), none(13)]).toEqual([[], []]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.runIf(loadFfi() !== null)(
    "lists others' listeners but not this process's own (a child may inherit those)",
    async () => {
      const other = startDualStackServer();
      let own: Server | undefined;
      try {
        const ready = await waitForOutput(other, 'ready');
        const otherPorts = [...new Set(ready.trim().split(' ').slice(1).map(Number))].sort((a, b) => a - b);
        own = createServer();
        await new Promise<void>((resolve) => own!.listen(0, '127.0.0.1', resolve));
        const ownPort = (own.address() as { port: number }).port;
        const before = listenersNotHeld();
        expect(before).not.toBeNull();
        const portOf = dumpListeners()!;
        const listedPorts = [...before!].map((inode) => portOf.get(inode));
        for (const port of otherPorts) expect(listedPorts).toContain(port);
        expect(listedPorts).not.toContain(ownPort);
        const readPorts = createPortReader('/proc', dumpListeners, before);
        // The other process's sockets were listening before: not looked for in anyone's open files.
        expect(readPorts(other.pid!)).toEqual([]);
        // This process's own are (a child it spawns may inherit them); so is a listener made later.
        expect(readPorts(process.pid)).toContain(ownPort);
        const later = startDualStackServer();
        try {
          const laterReady = await waitForOutput(later, 'ready');
          const laterPorts = [...new Set(laterReady.trim().split(' ').slice(1).map(Number))].sort(
            (a, b) => a - b,
          );
          expect(createPortReader('/proc', dumpListeners, before)(later.pid!)).toEqual(laterPorts);
        } finally {
          later.kill('SIGKILL');
        }
      } finally {
        other.kill('SIGKILL');
        await new Promise<void>((resolve) => (own ? own.close(() => resolve()) : resolve()));
      }
    },
  );
});

describe('clock', () => {
  it("turns this process's start time into epoch ms, near what Node says", () => {
    const started = Date.now() - process.uptime() * 1000;
    // From /proc directly: field 22 of /proc/self/stat, in clock ticks since boot.
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    expect(bootTimeMs()).toBeGreaterThan(0);
    // Ticks are 10 ms and Node's uptime starts a little after the kernel's start time.
    expect(Math.abs(linuxStartTimeToEpochMs(ticks) - started)).toBeLessThan(1000);
    // And through whichever table REAPER_PROCESS_TABLE chose: never after Node's own idea of its
    // start, and not long before it (`ps` has whole seconds; Node's start-up on a loaded machine).
    const table = getProcessTable();
    const startedAt = table.startedAtMs(table.stat(process.pid)!.startTime);
    expect(startedAt).toBeLessThanOrEqual(started + 20);
    expect(started - startedAt).toBeLessThan(5000);
  });

  it('is 0 (unknown) where the boot time cannot be read', () => {
    expect(linuxStartTimeToEpochMs(100, '/nonexistent')).toBe(0);
  });
});
