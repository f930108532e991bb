import { createRequire } from 'node:module';

/** What the optional FFI (koffi) gives reaper: calls Node does not expose. */
export interface Ffi {
  /** `waitpid(pid, WNOHANG)` for one pid (never -1: that would steal libuv's children). */
  reap(pid: number): boolean;
  /** `prctl(PR_SET_CHILD_SUBREAPER, 1)`: orphans below this process are reparented to it. */
  becomeSubreaper(): boolean;
}

let ffi: Ffi | null | undefined;

interface Koffi {
  load(name: string): { func(signature: string): (...args: unknown[]) => number };
}

/**
 * koffi for this platform: its prebuilt binary package (`@koromix/koffi-linux-x64`, …; what the
 * `koffi` package itself loads), which this package depends on optionally because, unlike `koffi`,
 * it has no install script for npm or pnpm to warn about; else a `koffi` the project installed.
 */
function requireKoffi(): Koffi {
  const require = createRequire(import.meta.url);
  try {
    return require(`@koromix/koffi-${process.platform}-${process.arch}`) as Koffi;
  } catch {
    return require('koffi') as Koffi;
  }
}

/** The FFI, when koffi is installed and libc loads; null otherwise. Loaded once, lazily. */
export function loadFfi(): Ffi | null {
  if (ffi !== undefined) return ffi;
  ffi = null;
  if (process.platform !== 'linux') return ffi;
  try {
    const libc = requireKoffi().load('libc.so.6');
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
