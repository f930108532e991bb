import { isAbsolute, relative, sep } from 'node:path';

/** `outer > inner > test name`: the levels of a test's or block's name, as in the report. */
export function joinName(levels: readonly string[]): string {
  return levels.join(' > ');
}

/** `path` relative to `root`, with `/` separators; null when there is no path. */
export function relativeFile(root: string, path: string | null | undefined): string | null {
  if (!path) return null;
  const rel = isAbsolute(path) ? relative(root, path) || path : path;
  return rel.split(sep).join('/');
}
