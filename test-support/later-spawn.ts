/**
 * A library under `node_modules` (so its frames are a dependency's, never a spawn site) that starts
 * `sleep <seconds>` from a timer: the way a file watcher restarts its child, after the frames of the
 * test that set it up are gone. The stack of that spawn has no frame of the test's at all.
 */
export const laterSpawnLibrary: Record<string, string> = {
  'node_modules/later-spawn/package.json': JSON.stringify({
    name: 'later-spawn',
    version: '1.0.0',
    main: 'index.js',
  }),
  'node_modules/later-spawn/index.js': `const { spawn } = require('node:child_process');
exports.spawnLater = (seconds) =>
  new Promise((resolve) => {
    setTimeout(() => resolve(spawn('sleep', [String(seconds)]).pid), 10);
  });
`,
};

/**
 * A test file in which `<declare>('a library spawns later', …)` is on line 3 and leaks what the
 * library spawns later, then `<declare>('a direct spawn', …)` spawns on line 7, column 3 (its site is
 * in the file: no test named). `head` is the file's first two lines (its imports).
 */
export function laterSpawnTest(head: [string, string], declare = 'test'): string {
  return `${head.join('\n')}
${declare}('a library spawns later', async () => {
  await spawnLater(305);
});
${declare}('a direct spawn', () => {
  spawn('sleep', ['306']);
});
`;
}

// A runner's output as is, or normalised (test-support's `normalise`); node:test shows an error
// without a stack frame in brackets.
const PID = '(?:\\d+|PID)';
const MS = '(?:\\d+|N) ms';

/** The tree line of each leak, for `expect(...).toMatch`: the library's names the test (`at`). */
export function laterSpawnLines(at: string): { later: RegExp; direct: RegExp } {
  return {
    later: new RegExp(
      `└─ ${PID} sleep 305 {2}\\(child\\) terminated by SIGTERM in ${MS}, spawned in test "a library spawns later" \\(${literal(at)}\\)\\]?$`,
      'm',
    ),
    direct: new RegExp(
      `└─ ${PID} sleep 306 {2}\\(child\\) terminated by SIGTERM in ${MS}, spawned at a\\.test\\.m?js:7:3$`,
      'm',
    ),
  };
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
