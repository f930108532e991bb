import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPacked } from '../../../../test-support/packed.js';

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

interface Manifest {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

// npm 11 and pnpm 10 warn about every dependency with an install script they did not run.
describe('installing the packed @reaper/core', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reaper-packed-scripts-'));
  const modules = join(dir, 'node_modules');
  beforeAll(() => installPacked(dir, ['core']));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs no install script: neither its own nor its dependencies’ (the ones for this platform)', () => {
    const core = readManifest(join(modules, '@reaper', 'core'));
    const names = Object.keys({ ...core.dependencies, ...core.optionalDependencies });
    const installed = names.filter((name) => existsSync(join(modules, name, 'package.json')));
    // This platform's prebuilt koffi, at least, is installed here and checked.
    expect(installed).toContain(`@koromix/koffi-${process.platform}-${process.arch}`);
    const withScripts = [{ name: '@reaper/core', manifest: core }]
      .concat(installed.map((name) => ({ name, manifest: readManifest(join(modules, name)) })))
      .filter(({ manifest }) => INSTALL_SCRIPTS.some((script) => manifest.scripts?.[script]))
      .map(({ name }) => name);
    expect(withScripts).toEqual([]);
  });
});
