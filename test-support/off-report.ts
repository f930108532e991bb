import type { Report } from '@reaper/core';
import { expect } from 'vitest';

/**
 * A run with REAPER_MODE=off: the report asked for is written, `skipped` with the reason (an
 * earlier run's is never left to be read as this one's); none is written where none is asked for.
 */
export function expectOffReport(report: Report | undefined, asked: boolean): void {
  if (!asked) {
    expect(report).toBeUndefined();
    return;
  }
  expect(report).toMatchObject({
    status: 'skipped',
    skipReason: "mode is 'off' (REAPER_MODE=off)",
    entries: [],
  });
}
