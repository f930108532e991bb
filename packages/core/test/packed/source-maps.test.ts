import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPacked } from '../../../../test-support/packed.js';

const names = ['core', 'jest', 'vitest', 'cli'] as const;
const dir = mkdtempSync(join(tmpdir(), 'reaper-packed-maps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface SourceMap {
  sources: string[];
  sourceRoot?: string;
  sourcesContent?: Array<string | null>;
}

function filesUnder(root: string, suffix: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix) && !file.split(sep).includes('node_modules'))
    .map((file) => join(root, file));
}

/** The `sources` of a map that name no file in the package and carry no `sourcesContent`. */
function unresolvedSources(mapFile: string, packageDir: string): string[] {
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMap;
  return map.sources.filter((source, i) => {
    if (typeof map.sourcesContent?.[i] === 'string') return false;
    const file = resolve(dirname(mapFile), map.sourceRoot ?? '', source);
    const inPackage = !relative(packageDir, file).startsWith('..');
    return !(inPackage && existsSync(file));
  });
}

describe.each(names)('the packed @reaper/%s', (name) => {
  beforeAll(() => installPacked(dir, [name]));
  const packageDir = join(dir, 'node_modules', '@reaper', name);

  it('ships a source map for every script, each one named by its script', () => {
    const scripts = [...filesUnder(packageDir, '.js'), ...filesUnder(packageDir, '.cjs')];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(script, 'utf8'))?.[1];
      expect({ script: relative(packageDir, script), url }).toEqual({
        script: relative(packageDir, script),
        url: expect.any(String),
      });
      expect(existsSync(join(dirname(script), url ?? ''))).toBe(true);
    }
  });

  it('has maps whose every source is shipped or embedded (sourcesContent)', () => {
    const maps = filesUnder(packageDir, '.map');
    expect(maps.length).toBeGreaterThan(0);
    const unresolved = maps.flatMap((map) =>
      unresolvedSources(map, packageDir).map((source) => `${relative(packageDir, map)}: ${source}`),
    );
    expect(unresolved).toEqual([]);
  });
});
