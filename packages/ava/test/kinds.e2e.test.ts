import { describe, expect, it } from 'vitest';
import { findMarked } from '../../../test-support/processes.js';
import { runAva } from './run-ava.js';

/** Every kind of leak, each in a test of its own, all running at the same time. */
const kindsTest = `import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

const childrenOf = (pid) => {
  try {
    return readFileSync(\`/proc/\${pid}/task/\${pid}/children\`, 'utf8').trim().split(' ').filter(Boolean);
  } catch {
    return [];
  }
};
const stateOf = (pid) => readFileSync(\`/proc/\${pid}/stat\`, 'latin1').split(') ')[1][0];
const until = async (ok) => {
  for (let waited = 0; waited < 10000; waited += 20) {
    if (ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('not in 10 s');
};

test('a setsid escape', (t) => {
  spawnSync('setsid', ['--fork', 'sleep', '461'], { stdio: 'ignore' });
  t.pass();
});
test('a zombie under a child that never reaps it', async (t) => {
  const parent = spawn('sh', ['-c', 'sleep 0.2 & exec sleep 462']);
  await until(() => childrenOf(parent.pid).some((pid) => stateOf(pid) === 'Z'));
  t.pass();
});
test('a child that ignores SIGTERM', async (t) => {
  const ignorer = spawn('sh', ['-c', "trap '' TERM; sleep 463 & wait"]);
  await until(() => childrenOf(ignorer.pid).length > 0);
  t.pass();
});
test('a server that holds a port', async (t) => {
  const server = spawn('node', ['-e', "require('net').createServer().listen(0, () => console.log('up'))"]);
  await once(server.stdout, 'data');
  t.pass();
});
`;

describe.each(['ava7', 'ava6'] as const)('%s', (ava) => {
  it('every kind of leak, each its own concurrent test', async () => {
    const run = await runAva({ ava, files: { 'test/kinds.test.js': kindsTest } });
    expect(run.code).toBe(1);
    expect(
      run.report?.entries
        .map(
          (e) =>
            `${e.test}: ${e.leaked.map((p) => `${p.kind} ${p.outcome}${p.listening.length ? ' listening' : ''}`)}`,
        )
        .sort(),
    ).toEqual([
      'a child that ignores SIGTERM: child killed,descendant killed',
      'a server that holds a port: child terminated listening',
      'a setsid escape: orphan terminated',
      'a zombie under a child that never reaps it: child terminated,zombie reaped',
    ]);
    expect(run.output.match(/^\s+✘ \[fail\]: .*$/gm)).toHaveLength(4);
    expect(findMarked()).toEqual([]);
  });
});
