// Where reaper's own code is, from the stack: what the hook needs when it is installed (its frames
// are never a spawn site). Loaded with the kit; the spawn-site capture itself is in spawn-site.ts.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRealm } from '../realm.js';

export interface CallSiteLike {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}
export type PrepareStackTrace = (error: Error, stack: CallSiteLike[]) => unknown;

/**
 * The directory of a package that holds `file` (its `dist/` or `src/`), so that frames of a reaper
 * package are internal but its tests are not.
 */
export function ownCodeDirectory(file: string): string {
  let dir = dirname(file);
  let child = dir;
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return child;
    child = dir;
    dir = dirname(dir);
  }
  return dirname(file);
}

/**
 * The file of the code that called this function's caller, as V8 sees it (not source-mapped: the
 * same paths `captureSpawnSite` compares). `depth` 0 is the direct caller of `callerFile`.
 */
export function callerFile(depth = 0): string | undefined {
  const sites = rawStack(callerFile, depth + 1);
  const file = sites[depth]?.getFileName();
  if (!file) return undefined;
  try {
    return file.startsWith('file://') ? fileURLToPath(file) : file;
  } catch {
    return undefined;
  }
}

/** The directory of the code that calls this: an adapter's own dist/ (or src/) directory. */
export function callerDirectory(): string {
  const file = callerFile(1);
  return file ? dirname(file) : process.cwd();
}

/** The file this function was defined in (works in ESM and CJS builds alike). */
export function thisFile(): string | undefined {
  return callerFile(0);
}

/** Up to `frames` call sites below `below`, unformatted. */
export function rawStack(below: Function, frames: number): CallSiteLike[] {
  const ErrorClass = Error as unknown as {
    prepareStackTrace?: PrepareStackTrace;
    stackTraceLimit: number;
    captureStackTrace(target: object, ctor?: Function): void;
  };
  const formatter = ErrorClass.prepareStackTrace;
  const savedLimit = ErrorClass.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  try {
    ErrorClass.prepareStackTrace = (_, stack) => stack;
    ErrorClass.stackTraceLimit = frames;
    ErrorClass.captureStackTrace(holder, below);
    // Read while our formatter is installed: V8 formats the stack lazily, on first access.
    void holder.stack;
  } finally {
    ErrorClass.prepareStackTrace = formatter;
    ErrorClass.stackTraceLimit = savedLimit;
  }
  return Array.isArray(holder.stack) ? (holder.stack as CallSiteLike[]) : [];
}

/** Frames under this directory are never a spawn site (an adapter registers its own code). */
export function registerInternalPath(dir: string): void {
  const realm = getRealm();
  if (!realm.internalPaths.includes(dir)) realm.internalPaths.push(dir);
}
