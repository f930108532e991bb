// Builds tap's Test class with the plugins of this project's config, as `tap build` does once it
// has looked each named plugin up in the npm registry. tap 21 does that lookup whenever it
// rebuilds, and stops with a 404 for a plugin that is not published there yet (@reaper/tap here,
// from the workspace). Once @reaper/tap is on npm, `tap` alone does all of this.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const tapBin = join(dirname(require.resolve('tap/package.json')), 'dist', 'esm', 'run.mjs');
const plugins = execFileSync(process.execPath, [tapBin, 'plugin', 'list'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const fromTap = createRequire(require.resolve('tap/package.json'));
const testDir = dirname(fromTap.resolve('@tapjs/test/package.json'));
try {
  execFileSync(process.execPath, [join(testDir, 'dist', 'esm', 'build.mjs'), ...plugins], { stdio: 'pipe' });
} catch (error) {
  process.stderr.write(`${error.stdout}${error.stderr}`);
  process.exit(1);
}
