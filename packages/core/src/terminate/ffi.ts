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
    };
  } catch {
    ffi = null;
  }
  return ffi;
}
