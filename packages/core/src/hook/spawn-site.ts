import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTestFrame } from './called-from.js';
import { type PrepareStackTrace, rawStack } from './own-code.js';

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
  /** The code that called child_process is a dependency (under node_modules), not the user's. */
  byLibrary: boolean;
  /**
   * When a test file was given and `site` is outside it (a helper): its first frame in the test
   * file, `file:line:column` relative to the root. Null otherwise.
   */
  calledFrom: string | null;
}

type ErrorStatics = { prepareStackTrace?: unknown };

function prepareStackTraceOf(errorClass: ErrorStatics): PrepareStackTrace | undefined {
  const prepare = errorClass.prepareStackTrace;
  return typeof prepare === 'function' ? (prepare as PrepareStackTrace) : undefined;
}

/**
 * The first user frame of the current stack, `file:line:column` relative to `root`: the line of
 * the test (or of the user's helper) that started the process, past execa, cross-spawn and Node.
 *
 * Runners source-map stack traces (Node's source maps, or an `Error.prepareStackTrace`), which
 * costs milliseconds for a deep stack. So the stack is first read as raw call sites to find the
 * frame, and then formatted only down to that frame, which maps it back to the test's source.
 *
 * The frame is formatted with `errorClass` (the running test file's `Error`, see `Realm.errorClass`),
 * not with this copy's: under Jest 29 each test file's sandbox has its own `prepareStackTrace`, which
 * knows the source maps of that file's transforms only, and this copy may be a previous file's.
 *
 * Given the scope's `testFile` (absolute), a site in a helper also gets `calledFrom`, found in the
 * same stack.
 */
export function captureSpawnSite(
  root: string,
  internalPaths: readonly string[],
  runnerPaths: readonly string[] = [],
  testFile?: string,
  errorClass: ErrorConstructor = Error,
): SpawnSite {
  const sites = rawStack(captureSpawnSite, 80);
  let index = -1;
  let rawFile = '';
  let byLibrary: boolean | undefined;
  for (let i = 0; i < sites.length; i++) {
    let file = sites[i]!.getFileName() ?? '';
    if (runnerPaths.some((fragment) => file.includes(fragment)))
      return { site: null, byRunner: true, byLibrary: false, calledFrom: null };
    if (index >= 0) continue;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    // The first frame past Node and reaper is the code that asked for the process.
    if (
      byLibrary === undefined &&
      isAbsolute(file) &&
      !internalPaths.some((dir) => file.startsWith(dir + sep))
    ) {
      byLibrary = file.includes(`${sep}node_modules${sep}`);
    }
    if (!file || isInternalFrame(file, internalPaths)) continue;
    index = i;
    rawFile = file;
    if (runnerPaths.length === 0) break;
  }
  if (index < 0) return { site: null, byRunner: false, byLibrary: byLibrary ?? false, calledFrom: null };
  const calledIndex = testFile && rawFile !== testFile ? findTestFrame(sites, index + 1, testFile) : -1;
  const formatted = formattedFrames(calledIndex < 0 ? [index] : [index, calledIndex]);
  const relativeSite = (at: number, file: string) => {
    const location = formatted[at] ?? {
      file,
      line: sites[at]!.getLineNumber() ?? 0,
      column: sites[at]!.getColumnNumber() ?? 0,
    };
    const path = relative(root, location.file) || location.file;
    return `${path.split(sep).join('/')}:${location.line}:${location.column}`;
  };
  return {
    site: relativeSite(index, rawFile),
    byRunner: false,
    byLibrary: byLibrary ?? false,
    calledFrom: calledIndex < 0 ? null : relativeSite(calledIndex, testFile!),
  };

  /**
   * The frames at `wanted` (indices into `sites`), formatted (and so source-mapped) the usual way.
   * A runner's `prepareStackTrace` is given those call sites only (mapping every frame down to them
   * costs a spawning test most of its time under Jest); without one, Node formats frames 0..last.
   */
  function formattedFrames(wanted: number[]): (StackLocation | undefined)[] {
    // Node's own order: the realm's `prepareStackTrace`, else the main context's (Jest 30 installs
    // its source maps there). This module is loaded in the main context (Jest's adapter sees to it).
    const prepare =
      prepareStackTraceOf(errorClass as unknown as ErrorStatics) ??
      prepareStackTraceOf(Error as unknown as ErrorStatics);
    if (prepare) {
      const mapped = formatWith(prepare, wanted);
      if (mapped) return mapped;
    }
    const last = Math.max(...wanted);
    const savedLimit = errorClass.stackTraceLimit;
    try {
      // Node formats a stack with the `prepareStackTrace` of the realm the holder was created in:
      // an `Error` of `errorClass`'s realm, made without a stack of its own.
      errorClass.stackTraceLimit = 0;
      const holder = new errorClass();
      errorClass.stackTraceLimit = last + 1;
      errorClass.captureStackTrace(holder, captureSpawnSite);
      const lines = String(holder.stack ?? '')
        .trimEnd()
        .split('\n')
        .slice(-(last + 1));
      return lines.map((line) => parseFrame(line));
    } catch {
      return [];
    } finally {
      errorClass.stackTraceLimit = savedLimit;
    }
  }

  /** The frames at `wanted` as `prepare` formats them, by index; undefined when it would not. */
  function formatWith(prepare: PrepareStackTrace, wanted: number[]): StackLocation[] | undefined {
    const savedLimit = errorClass.stackTraceLimit;
    try {
      errorClass.stackTraceLimit = 0;
      const holder = new errorClass();
      const text = prepare(
        holder,
        wanted.map((at) => sites[at]!),
      );
      if (typeof text !== 'string') return undefined;
      const lines = text.trimEnd().split('\n').slice(-wanted.length);
      const out: StackLocation[] = [];
      for (const [i, at] of wanted.entries()) {
        const location = lines.length === wanted.length ? parseFrame(lines[i]!) : undefined;
        if (!location) return undefined;
        out[at] = location;
      }
      return out;
    } catch {
      return undefined;
    } finally {
      errorClass.stackTraceLimit = savedLimit;
    }
  }
}
