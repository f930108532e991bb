import { expect, it } from 'vitest';
import { laterSpawnLibrary, laterSpawnLines, laterSpawnTest } from '../../../test-support/later-spawn.js';
import { findMarked } from '../../../test-support/processes.js';
import { runNodeTest } from './run-node-test.js';

// A process a library spawns from a timer has no frame of the test's in its stack: the failure
// names the test instead, and its file (node:test gives a test's line to its reporters only).

it.each([
  [
    'CommonJS',
    'a.test.js',
    "const { spawn } = require('node:child_process'); const test = require('node:test');",
    "const { spawnLater } = require('later-spawn');",
  ],
  [
    'ESM',
    'a.test.mjs',
    "import { spawn } from 'node:child_process'; import { it as test } from 'node:test';",
    "import { spawnLater } from 'later-spawn';",
  ],
] as const)(
  '%s: a process a library spawned later names the test and its file',
  async (_, name, imports, library) => {
    const run = await runNodeTest({
      node: process.execPath,
      args: [name],
      files: { ...laterSpawnLibrary, [name]: laterSpawnTest([imports, library]) },
    });
    expect(run.code).not.toBe(0);
    const { later, direct } = laterSpawnLines(name);
    expect(run.output).toMatch(later);
    expect(run.output).toMatch(direct);
    expect(findMarked()).toEqual([]);
  },
);
