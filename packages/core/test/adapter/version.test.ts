import { describe, expect, it } from 'vitest';
import { judgeRunnerVersion, type RunnerSupport } from '../../src/adapter/version.js';

/** A runner as an adapter's support.ts declares it. */
const runner = (name: string, majors: number[], since?: string): RunnerSupport => ({
  id: 'mocha',
  name,
  adapter: `@reaper/${name === 'Node' ? 'node-test' : name.toLowerCase()}`,
  majors,
  since,
});
const MOCHA = runner('Mocha', [8, 9, 10, 11, 12], '8.2.0');
const JEST = runner('Jest', [27, 28, 29, 30]);
const NODE = runner('Node', [20, 22, 24]);

describe('judgeRunnerVersion', () => {
  it('a tested major: checked, nothing to say', () => {
    expect(judgeRunnerVersion(MOCHA, '12.0.3')).toEqual({ version: '12.0.3' });
    expect(judgeRunnerVersion(MOCHA, '8.2.0')).toEqual({ version: '8.2.0' });
    expect(judgeRunnerVersion(JEST, '30.5.2')).toEqual({ version: '30.5.2' });
  });

  it('a version that cannot be found: nothing claimed either way', () => {
    expect(judgeRunnerVersion(MOCHA, undefined)).toEqual({});
  });

  it('a major newer than the newest tested: checked, with the one line', () => {
    const check = judgeRunnerVersion(MOCHA, '13.0.0');
    expect(check.refused).toBeUndefined();
    expect(check.untested).toBe(
      'reaper: Mocha 13.0.0 is newer than @reaper/mocha was tested on (tested: Mocha 8 from 8.2.0, Mocha 9, Mocha 10, Mocha 11, Mocha 12); checking anyway.',
    );
    expect(judgeRunnerVersion(NODE, '26.10.0').untested).toBe(
      'reaper: Node 26.10.0 is newer than @reaper/node-test was tested on (tested: Node 20, Node 22, Node 24); checking anyway.',
    );
  });

  it('an untested major between tested ones: checked, with the one line', () => {
    const check = judgeRunnerVersion(NODE, '23.11.1');
    expect(check.refused).toBeUndefined();
    expect(check.untested).toBe(
      'reaper: Node 23.11.1 is not a version @reaper/node-test was tested on (tested: Node 20, Node 22, Node 24); checking anyway.',
    );
  });

  it('older than the oldest supported: refused, with the reason and the one line', () => {
    expect(judgeRunnerVersion(JEST, '24.9.0')).toEqual({
      version: '24.9.0',
      refused: {
        reason: 'Jest 24.9.0 is not supported by @reaper/jest',
        message:
          'reaper: Jest 24.9.0 is not supported by @reaper/jest (supported: Jest 27 and later); leaked processes are NOT checked in this run. Use a supported Jest, or gate the whole run with `reaper run -- <your test command>` (@reaper/cli), which works with any runner.',
      },
    });
    // The oldest major, before the release that brought what the adapter needs.
    expect(judgeRunnerVersion(MOCHA, '8.1.3').refused?.reason).toBe(
      'Mocha 8.1.3 is not supported by @reaper/mocha',
    );
    expect(judgeRunnerVersion(MOCHA, '8.1.3').refused?.message).toContain(
      '(supported: Mocha 8.2.0 and later)',
    );
    expect(judgeRunnerVersion(MOCHA, '7.2.0').refused).toBeDefined();
  });
});
