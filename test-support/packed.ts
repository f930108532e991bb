import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The workspace's packages as npm installs them: `pnpm pack` (which turns `workspace:^` into real
 * versions and ships only `files`), then each tarball unpacked into `node_modules/<name>`. The
 * tarballs are made once per test run (in Vitest's global setup) and named in this variable.
 */
export const PACKED_DIR_VAR = 'REAPER_PACKED_DIR';

const root = join(import.meta.dirname, '..');

/** Packs every package under packages/ into a fresh directory; returns it. */
export function packWorkspace(): string {
  const out = mkdtempSync(join(tmpdir(), 'reaper-packed-'));
  execFileSync(
    'npx',
    ['-y', 'pnpm@12.4.2', '-r', '--filter', './packages/*', 'pack', '--pack-destination', out],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 },
  );
  return out;
}

/**
 * Installs `@reaper/<name>` for each of `names` into `dir/node_modules` from the packed tarballs,
 * and their other dependencies (koffi's prebuilt binary, optional) as links to the workspace's copies, the registry
 * being out of reach. Throws when the tarballs are missing (the global setup did not run).
 */
export function installPacked(dir: string, names: readonly string[]): void {
  const packed = process.env[PACKED_DIR_VAR];
  if (!packed || !existsSync(packed)) {
    throw new Error(
      `${PACKED_DIR_VAR} is ${packed === undefined ? 'not set' : `\`${packed}\`, which does not exist`}: expected the directory of packed tarballs made by test-support/global-setup.ts.`,
    );
  }
  const tarballs = readdirSync(packed);
  for (const name of names) {
    const tarball = tarballs.find((file) => file.startsWith(`reaper-${name}-`) && file.endsWith('.tgz'));
    if (!tarball)
      throw new Error(`No tarball of @reaper/${name} in ${packed} (found: ${tarballs.join(', ')}).`);
    const target = join(dir, 'node_modules', '@reaper', name);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', join(packed, tarball), '-C', target, '--strip-components=1'], {
      timeout: 30_000,
    });
    linkDependencies(dir, name, join(target, 'package.json'));
  }
}

function linkDependencies(dir: string, name: string, manifest: string): void {
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >;
  const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
  for (const dep of Object.keys(deps)) {
    if (dep.startsWith('@reaper/')) continue;
    const from = join(root, 'packages', name, 'node_modules', dep);
    const to = join(dir, 'node_modules', dep);
    if (existsSync(from) && !existsSync(to)) {
      mkdirSync(join(to, '..'), { recursive: true });
      symlinkSync(from, to);
    }
  }
}
