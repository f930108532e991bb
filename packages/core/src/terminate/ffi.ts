import { createRequire } from 'node:module';

/** What the optional FFI (the `koffi` package) gives reaper: calls Node does not expose. */
export interface Ffi {
  /** `waitpid(pid, WNOHANG)` for one pid (never -1: that would steal libuv's children). */
  reap(pid: number): boolean;
  /** `prctl(PR_SET_CHILD_SUBREAPER, 1)`: orphans below this process are reparented to it. */
  becomeSubreaper(): boolean;
}

let ffi: Ffi | null | undefined;

/** The FFI, when `koffi` is installed and libc loads; null otherwise. Loaded once, lazily. */
export function loadFfi(): Ffi | null {
  if (ffi !== undefined) return ffi;
  ffi = null;
  if (process.platform !== 'linux') return ffi;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as {
      load(name: string): { func(signature: string): (...args: unknown[]) => number };
    };
    const libc = koffi.load('libc.so.6');
    const waitpid = libc.func('int waitpid(int pid, _Out_ int *status, int options)');
    const prctl = libc.func(
      'int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)',
    );
    const WNOHANG = 1;
    const PR_SET_CHILD_SUBREAPER = 36;
    ffi = {
      reap(pid) {
        if (!Number.isSafeInteger(pid) || pid <= 0) return false;
        return waitpid(pid, [0], WNOHANG) === pid;
      },
      becomeSubreaper() {
        return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) === 0;
      },
    };
  } catch {
    ffi = null;
  }
  return ffi;
}
