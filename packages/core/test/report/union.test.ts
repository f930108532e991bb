import { describe, expect, it } from 'vitest';
import { type LeakedProcess, ReaperReportError, validateReport } from '../../src/index.js';
import { leakyRun, report } from './sample.js';

const base = leakyRun.leaked[0]!;

/** A report whose only leaked process is `p`: what the validator sees of it. */
const withLeak = (p: unknown) => ({ ...report, entries: [{ ...leakyRun, leaked: [p] }] });

describe('LeakedProcess, a union on outcome', () => {
  it('cannot be written with an impossible combination, and the validator refuses each one', () => {
    const impossible = [
      // @ts-expect-error `killed` is always by SIGKILL
      { ...base, outcome: 'killed', signal: 'SIGTERM' } satisfies LeakedProcess,
      // @ts-expect-error `exited` was never signalled
      { ...base, outcome: 'exited', signal: 'SIGTERM' } satisfies LeakedProcess,
      // @ts-expect-error `allowed` is never signalled
      { ...base, outcome: 'allowed', signal: 'SIGKILL' } satisfies LeakedProcess,
      // @ts-expect-error only `escaped` has a reason
      { ...base, outcome: 'terminated', signal: 'SIGTERM', reason: 'timeout' } satisfies LeakedProcess,
      // @ts-expect-error `escaped` always says why
      { ...base, outcome: 'escaped', signal: 'SIGKILL' } satisfies LeakedProcess,
      // @ts-expect-error a reason is `timeout` or `denied`
      { ...base, outcome: 'escaped', signal: null, reason: 'unlucky' } satisfies LeakedProcess,
    ];
    for (const p of impossible) {
      expect(() => validateReport(withLeak(p))).toThrow(ReaperReportError);
    }
  });

  it('accepts what is possible', () => {
    const possible: LeakedProcess[] = [
      { ...base, outcome: 'terminated', signal: 'SIGTERM' },
      { ...base, outcome: 'killed', signal: 'SIGKILL' },
      { ...base, kind: 'zombie', outcome: 'reaped', signal: null },
      { ...base, outcome: 'exited', signal: null },
      { ...base, outcome: 'escaped', signal: null, reason: 'denied' },
      { ...base, outcome: 'escaped', signal: 'SIGKILL', reason: 'timeout' },
      { ...base, outcome: 'allowed', signal: null },
    ];
    for (const p of possible) expect(validateReport(withLeak(p))).toEqual(withLeak(p));
  });
});
