import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Installs at `target` a package whose package.json says `version`, run by the real one at
 * `realDir` (a runner one major newer than the one installed, without a release of it). Its entries
 * are links to the real ones, except its package.json and `entries` (the files `require.resolve`
 * of the package name reaches, CommonJS): those are its own, each requiring the real one. A
 * package's version is looked up from where its main file resolves, and a link resolves to the real
 * package.
 */
export function fakePackageVersion(
  realDir: string,
  target: string,
  version: string,
  entries: string[],
): void {
  const own = new Set(['package.json', ...entries]);
  const dirsOnTheWay = new Set(entries.flatMap((entry) => parentsOf(entry)));
  const copy = (at: string) => {
    mkdirSync(join(target, at), { recursive: true });
    for (const entry of readdirSync(join(realDir, at))) {
      const path = at ? join(at, entry) : entry;
      if (dirsOnTheWay.has(path)) copy(path);
      else if (!own.has(path)) symlinkSync(join(realDir, path), join(target, path));
    }
  };
  copy('');
  const pkg = JSON.parse(readFileSync(join(realDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(target, 'package.json'), JSON.stringify({ ...pkg, version }));
  for (const entry of entries) {
    const real = join(realDir, entry);
    if (!existsSync(real))
      throw new Error(`fakePackageVersion: ${real} does not exist (an entry of ${realDir})`);
    writeFileSync(join(target, entry), `module.exports = require(${JSON.stringify(real)});\n`);
  }
}

/** `build`, for `build/index.js`; `a`, `a/b` for `a/b/c.js`. */
function parentsOf(entry: string): string[] {
  const parents: string[] = [];
  for (let dir = dirname(entry); dir !== '.' && dir !== ''; dir = dirname(dir))
    parents.unshift(relative('.', dir));
  return parents;
}
