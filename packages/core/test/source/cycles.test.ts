import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const packages = resolve(import.meta.dirname, '..', '..', '..');

/** Every `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The relative modules a file imports or re-exports values from (`import type` and all-`type` lists are not values). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+'(\.[^']+)'/gms)) {
    if (match[1]) continue;
    const list = /^\{([^}]*)\}$/.exec(match[2]!.trim());
    const names = list
      ? list[1]!
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
      : [];
    if (list && names.every((n) => n.startsWith('type '))) continue;
    out.push(resolve(dirname(file), match[3]!.replace(/\.js$/, '.ts')));
  }
  return out;
}

it('no package source imports a value from a module that imports it back, however far round', () => {
  const files = readdirSync(packages).flatMap((name) => {
    try {
      return sources(join(packages, name, 'src'));
    } catch {
      return [];
    }
  });
  // core's lazy parts: in the sources `parts.ts` imports them (its functions hand them out when
  // called, never at load); the build turns each into a file required on first call. Not a cycle.
  const lazyParts = join(packages, 'core', 'src', 'lazy', 'parts.ts');
  const edges = new Map(files.map((file) => [file, file === lazyParts ? [] : valueImports(file)]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') {
        cycles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(packages, f)).join(' → '));
      } else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  expect(files.length).toBeGreaterThan(50);
  expect(cycles).toEqual([]);
});
