import { resolve } from 'node:path';
import { parseFrame } from '../hook/spawn-site.js';
import type { Declaration, Scope } from '../realm.js';

/**
 * `test/x.test.js:12`: the line the scope's test is declared at, relative to the root; the file
 * alone where the runner gave no line (or its stack has no frame in the file); null for a scope
 * with no file or that is not a test.
 */
export function declarationOf(scope: Scope, root: string): string | null {
  if (scope.kind !== 'test' || scope.file === null) return null;
  const line = lineOf(scope.declaredAt, resolve(root, scope.file));
  return line === undefined ? scope.file : `${scope.file}:${line}`;
}

function lineOf(declaration: Declaration | undefined, file: string): number | undefined {
  if (typeof declaration === 'number') return declaration > 0 ? declaration : undefined;
  if (typeof declaration !== 'function') return undefined;
  let stack: string | undefined;
  try {
    stack = declaration();
  } catch {
    return undefined;
  }
  for (const text of String(stack ?? '').split('\n')) {
    const frame = parseFrame(text);
    if (frame?.file === file) return frame.line;
  }
  return undefined;
}
