import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRAME_LOCATION = /(?:\(|at )((?:file:\/\/|\/)[^()]*?):(\d+):(\d+)\)?$/;

export interface StackLocation {
  file: string;
  line: number;
  column: number;
}

/** The file, line and column of one line of a V8 stack trace, when it names a file on disk. */
export function parseFrame(line: string): StackLocation | undefined {
  const match = FRAME_LOCATION.exec(line.trim());
  if (!match) return undefined;
  let file = match[1]!;
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  return { file, line: Number(match[2]), column: Number(match[3]) };
}

/** Whether a frame belongs to Node, a dependency, or reaper itself, and so is never a spawn site. */
export function isInternalFrame(file: string, internalPaths: readonly string[]): boolean {
  if (!isAbsolute(file)) return true;
  if (file.includes(`${sep}node_modules${sep}`)) return true;
  return internalPaths.some((dir) => file === dir || file.startsWith(dir + sep));
}

export interface SpawnSite {
  /** The first user frame, `file:line:column` relative to the root; null where there is none. */
  site: string | null;
  /** The stack passes through runner machinery (a transformer): the spawn is the runner's. */
  byRunner: boolean;
}

/**
 * The first user frame of the current stack, `file:line:column` relative to `root`: the line of
 * the test (or of the user's helper) that started the process, past execa, cross-spawn and Node.
 */
export function captureSpawnSite(
  root: string,
  internalPaths: readonly string[],
  runnerPaths: readonly string[] = [],
): SpawnSite {
  const savedLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 80;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, captureSpawnSite);
  Error.stackTraceLimit = savedLimit;
  const lines = (holder.stack ?? '').split('\n');
  let site: string | null = null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (runnerPaths.length > 0 && runnerPaths.some((fragment) => line.includes(fragment))) {
      return { site: null, byRunner: true };
    }
    if (site !== null) continue;
    const location = parseFrame(line);
    if (!location || isInternalFrame(location.file, internalPaths)) continue;
    const path = relative(root, location.file) || location.file;
    site = `${path.split(sep).join('/')}:${location.line}:${location.column}`;
    if (runnerPaths.length === 0) break;
  }
  return { site, byRunner: false };
}

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

/** The file this function was defined in, from a stack trace (works in ESM and CJS builds alike). */
export function thisFile(): string | undefined {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder);
  const line = (holder.stack ?? '').split('\n')[1];
  return line ? parseFrame(line)?.file : undefined;
}
