import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const dist = join(import.meta.dirname, '..', 'dist');

it("a realm made by an older copy of reaper gets this copy's new fields, and keeps its own", () => {
  // In a fresh process: the realm an older version made (no clock, kept files or listeners from
  // before), then this build records, checks and ends a spawn in it.
  const script = `
import { AsyncLocalStorage } from 'node:async_hooks';
import { ChildProcess, spawn } from 'node:child_process';
const older = {
  prefix: 'abc123', inherited: [], als: new AsyncLocalStorage(), stack: [], scopesById: new Map(),
  byPid: new Map(), byKey: new Map(), internalPaths: [], runnerPaths: [], root: process.cwd(),
  errorClass: undefined, nextScopeId: 7, suspended: 0, hook: undefined, interruptGuard: undefined,
  armInterruptGuard: undefined, ownCodeKnown: false, ownChildren: new Set(), adoptedNotice: false,
  notices: new Set(), noticesAmong: undefined, noticesParent: undefined, stopWorker: undefined,
  chooseScope: undefined, subreaper: undefined,
};
Object.defineProperty(ChildProcess, Symbol.for('reaper.realm'), { value: older, configurable: true });
const { closeScope, installHook, openScope } = await import(${JSON.stringify(join(dist, 'index.js'))});
installHook();
const scope = openScope({ scope: 'test', test: 't' });
const child = spawn('true');
await new Promise((resolve) => child.once('exit', resolve));
const result = await closeScope(scope, { settleMs: 0, graceMs: 1000, killWaitMs: 1000, allow: [] });
const realm = ChildProcess[Symbol.for('reaper.realm')];
console.log(JSON.stringify({
  same: realm === older, prefix: realm.prefix, firstScope: scope.id,
  spawned: result.spawned.length, leaked: result.leaked.length, ended: result.endedAt >= result.startedAt && result.endedAt > 0,
  fields: ['clock', 'keptFiles', 'listenersBefore'].filter((key) => key in realm),
}));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(JSON.parse(out)).toEqual({
    same: true,
    prefix: 'abc123',
    firstScope: 7,
    spawned: 1,
    leaked: 0,
    ended: true,
    fields: ['clock', 'keptFiles', 'listenersBefore'],
  });
});
