/** Whether reaper can check processes here: every POSIX system; not Windows. */
export function isPlatformSupported(): boolean {
  return process.platform !== 'win32';
}
