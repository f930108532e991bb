import { createRequire } from 'node:module';

/** What the optional FFI (the `koffi` package) gives reaper: calls Node does not expose. */
export interface Ffi {
  /** `waitpid(pid, WNOHANG)` for one pid (never -1: that would steal libuv's children). */
  reap(pid: number): boolean;
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
    const WNOHANG = 1;
    ffi = {
      reap(pid) {
        if (!Number.isSafeInteger(pid) || pid <= 0) return false;
        return waitpid(pid, [0], WNOHANG) === pid;
      },
    };
  } catch {
    ffi = null;
  }
  return ffi;
}
