import { constants } from 'node:os';
import { localRequire } from '../local-require.js';

/** What the optional FFI (koffi) gives reaper: calls Node does not expose. */
export interface Ffi {
  /** `waitpid(pid, WNOHANG)` for one pid (never -1: that would steal libuv's children). */
  reap(pid: number): boolean;
  /** `prctl(PR_SET_CHILD_SUBREAPER, 1)`: orphans below this process are reparented to it. */
  becomeSubreaper(): boolean;
  /**
   * `pidfd_open(2)`: a descriptor for the process that has `pid` now, which no later process with
   * the same pid can be mistaken for; -1 when it is gone or the kernel has none (before 5.3).
   */
  pidfdOpen(pid: number): number;
  /** `pidfd_send_signal(2)`: `gone` when the process has ended, `denied` when it may not be signalled. */
  pidfdSignal(fd: number, signal: NodeJS.Signals): 'sent' | 'gone' | 'denied';
  /**
   * `poll(2)` on pidfds off the main thread, for up to `timeoutMs`: resolves with those that became
   * readable, i.e. whose process has exited (a zombie counts); undefined when poll failed.
   */
  exited(fds: readonly number[], timeoutMs: number): Promise<Set<number> | undefined>;
  close(fd: number): void;
  /**
   * One `sock_diag` dump (netlink, `SOCK_DIAG_BY_FAMILY`) of this process's network namespace: the
   * sockets of `protocol` over `family` whose state is in `states` (a mask of `1 << TCP_*` states),
   * each with its local port, owner's uid and inode; undefined when the dump failed (no netlink, a
   * kernel without that protocol's diag module).
   */
  sockets(family: 'inet' | 'inet6', protocol: 'tcp' | 'udp', states: number): DiagSocket[] | undefined;
}

/** A socket as `sock_diag` lists it. */
export interface DiagSocket {
  port: number;
  uid: number;
  inode: number;
}

let ffi: Ffi | null | undefined;

type Native = ((...args: unknown[]) => number) & {
  async(...args: unknown[]): void;
};

interface Koffi {
  load(name: string): {
    func(signature: string): Native;
    func(name: string, result: string, parameters: unknown[]): Native;
  };
  struct(fields: Record<string, string>): unknown;
  pointer(type: unknown): unknown;
  inout(type: unknown): unknown;
  errno(): number;
}

/**
 * koffi for this platform: its prebuilt binary package (`@koromix/koffi-linux-x64`, …; what the
 * `koffi` package itself loads), which this package depends on optionally because, unlike `koffi`,
 * it has no install script for npm or pnpm to warn about; else a `koffi` the project installed.
 */
function requireKoffi(): Koffi {
  try {
    return localRequire(`@koromix/koffi-${process.platform}-${process.arch}`) as Koffi;
  } catch {
    return localRequire('koffi') as Koffi;
  }
}

/** What a `sock_diag` dump takes: Linux's numbers, the same on every architecture. */
const NL = {
  AF_INET: 2,
  AF_INET6: 10,
  AF_NETLINK: 16,
  SOCK_RAW: 3,
  SOCK_CLOEXEC: 0o2000000,
  NETLINK_SOCK_DIAG: 4,
  IPPROTO_TCP: 6,
  IPPROTO_UDP: 17,
  MSG_DONTWAIT: 0x40,
  SOCK_DIAG_BY_FAMILY: 20,
  NLM_F_REQUEST: 1,
  NLM_F_DUMP: 0x300,
  NLMSG_ERROR: 2,
  NLMSG_DONE: 3,
  /** `struct nlmsghdr`. */
  HEADER: 16,
  /** `struct inet_diag_req_v2` (its `inet_diag_sockid` left zero: every socket). */
  REQUEST: 56,
  /** `struct inet_diag_msg`, up to its inode. */
  MESSAGE: 72,
} as const;

/**
 * Sends one `inet_diag` dump request and reads the answer to its end (`NLMSG_DONE`): the sockets
 * it lists, by local port (0: unbound, left out), uid and inode; undefined on any error.
 */
export function dumpSockets(
  send: (request: Buffer) => number,
  recv: (buffer: Buffer) => number,
  family: number,
  protocol: number,
  states: number,
): DiagSocket[] | undefined {
  const request = Buffer.alloc(NL.HEADER + NL.REQUEST);
  request.writeUInt32LE(request.length, 0);
  request.writeUInt16LE(NL.SOCK_DIAG_BY_FAMILY, 4);
  request.writeUInt16LE(NL.NLM_F_REQUEST | NL.NLM_F_DUMP, 6);
  request.writeUInt8(family, NL.HEADER);
  request.writeUInt8(protocol, NL.HEADER + 1);
  request.writeUInt32LE(states >>> 0, NL.HEADER + 4);
  if (send(request) !== request.length) return undefined;
  const buffer = Buffer.allocUnsafe(32 * 1024);
  const sockets: DiagSocket[] = [];
  for (;;) {
    const length = recv(buffer);
    if (length <= 0) return undefined;
    for (let at = 0; at + NL.HEADER <= length; ) {
      const size = buffer.readUInt32LE(at);
      const type = buffer.readUInt16LE(at + 4);
      if (type === NL.NLMSG_DONE) return sockets;
      if (type === NL.NLMSG_ERROR || size < NL.HEADER || at + size > length) return undefined;
      if (size >= NL.HEADER + NL.MESSAGE) {
        const message = at + NL.HEADER;
        // inet_diag_sockid's source port, big-endian, then the uid and inode after the queues.
        const port = buffer.readUInt16BE(message + 4);
        if (port > 0) {
          sockets.push({
            port,
            uid: buffer.readUInt32LE(message + 64),
            inode: buffer.readUInt32LE(message + 68),
          });
        }
      }
      at += (size + 3) & ~3;
    }
  }
}

/** The FFI, when koffi is installed and libc loads; null otherwise. Loaded once, lazily. */
export function loadFfi(): Ffi | null {
  if (ffi !== undefined) return ffi;
  ffi = null;
  if (process.platform !== 'linux') return ffi;
  try {
    const koffi = requireKoffi();
    const libc = koffi.load('libc.so.6');
    const waitpid = libc.func('int waitpid(int pid, _Out_ int *status, int options)');
    const prctl = libc.func(
      'int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)',
    );
    const syscall = libc.func('long syscall(long number, ...)');
    const close = libc.func('int close(int fd)');
    const socket = libc.func('int socket(int domain, int type, int protocol)');
    const send = libc.func('long send(int fd, const void *buf, unsigned long len, int flags)');
    const recv = libc.func('long recv(int fd, _Out_ void *buf, unsigned long len, int flags)');
    const pollFd = koffi.struct({ fd: 'int', events: 'short', revents: 'short' });
    const poll = libc.func('poll', 'int', [koffi.inout(koffi.pointer(pollFd)), 'unsigned long', 'int']);
    const WNOHANG = 1;
    const PR_SET_CHILD_SUBREAPER = 36;
    // The same on every architecture: both came after the system call tables were unified.
    const SYS_PIDFD_SEND_SIGNAL = 424;
    const SYS_PIDFD_OPEN = 434;
    const ESRCH = 3;
    const POLLIN = 1;
    ffi = {
      reap(pid) {
        if (!Number.isSafeInteger(pid) || pid <= 0) return false;
        return waitpid(pid, [0], WNOHANG) === pid;
      },
      becomeSubreaper() {
        return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) === 0;
      },
      pidfdOpen(pid) {
        if (!Number.isSafeInteger(pid) || pid <= 0) return -1;
        return Number(syscall(SYS_PIDFD_OPEN, 'int', pid, 'unsigned int', 0));
      },
      pidfdSignal(fd, signal) {
        const sent = Number(
          syscall(
            SYS_PIDFD_SEND_SIGNAL,
            'int',
            fd,
            'int',
            constants.signals[signal],
            'void *',
            null,
            'unsigned int',
            0,
          ),
        );
        if (sent === 0) return 'sent';
        return koffi.errno() === ESRCH ? 'gone' : 'denied';
      },
      exited(fds, timeoutMs) {
        const entries = fds.map((fd) => ({ fd, events: POLLIN, revents: 0 }));
        return new Promise((resolve) => {
          try {
            poll.async(
              entries,
              entries.length,
              Math.max(0, Math.ceil(timeoutMs)),
              (error: unknown, ready: number) => {
                if (error || ready < 0) resolve(undefined);
                else
                  resolve(new Set(entries.filter((entry) => entry.revents !== 0).map((entry) => entry.fd)));
              },
            );
          } catch {
            // koffi refused the call (e.g. too many asynchronous calls at once): the caller waits on
            // its timer instead; the ladder must not throw for it.
            resolve(undefined);
          }
        });
      },
      close(fd) {
        close(fd);
      },
      sockets(family, protocol, states) {
        const fd = Number(socket(NL.AF_NETLINK, NL.SOCK_RAW | NL.SOCK_CLOEXEC, NL.NETLINK_SOCK_DIAG));
        if (fd < 0) return undefined;
        try {
          return dumpSockets(
            (request) => Number(send(fd, request, request.length, 0)),
            // Never blocks: the kernel queues each part of a dump before the read that asks for it
            // returns; nothing there is a failure, not a wait.
            (buffer) => Number(recv(fd, buffer, buffer.length, NL.MSG_DONTWAIT)),
            family === 'inet' ? NL.AF_INET : NL.AF_INET6,
            protocol === 'tcp' ? NL.IPPROTO_TCP : NL.IPPROTO_UDP,
            states,
          );
        } finally {
          close(fd);
        }
      },
    };
  } catch {
    ffi = null;
  }
  return ffi;
}
