import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const dist = join(import.meta.dirname, '..', 'dist');
const require = createRequire(import.meta.url);

// Each entry and each build is a bundle of its own (a worker loads the kit alone, without the
// main entry's report writers): the option error of any of them is an instance of all of them.
it('ReaperOptionError: an error from any entry and build is an instance of every copy', async () => {
  const copies = [
    (await import(join(dist, 'index.js'))).ReaperOptionError,
    (await import(join(dist, 'adapter.js'))).ReaperOptionError,
    require(join(dist, 'index.cjs')).ReaperOptionError,
    require(join(dist, 'adapter.cjs')).ReaperOptionError,
  ];
  expect(new Set(copies).size).toBe(4);
  const { resolveOptions } = require(join(dist, 'index.cjs'));
  let thrown: unknown;
  try {
    resolveOptions({ graceMs: -1 });
  } catch (error) {
    thrown = error;
  }
  for (const copy of copies) {
    expect(thrown).toBeInstanceOf(copy);
    expect(new copy('x')).toBeInstanceOf(copies[0]);
  }
  expect(new TypeError('x')).not.toBeInstanceOf(copies[0]);
  expect(new Error('x')).not.toBeInstanceOf(copies[1]);
});
