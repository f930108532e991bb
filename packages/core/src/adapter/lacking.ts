import type { CheckedResults } from '../report/summary.js';
import type { ScopeResult, UnfinishedFile } from '../report/types.js';

/** What a run's report holds once the workers that lacked a runner internal are accounted for. */
export interface SettledResults {
  results: readonly ScopeResult[];
  unfinished: readonly UnfinishedFile[];
  /** Set when no worker checked anything: the report is `skipped` for this reason. */
  skipReason?: string;
}

/**
 * A worker that could not find a runner internal it relies on checked nothing (see `Worker.lacks`).
 * When no worker checked anything, the run is `skipped` with the first such reason. When others did
 * (`began` files, or sent results), what they checked stands, and each reason is named `unfinished`
 * for the whole run (`file: null`): the run is never called clean, and never loses its entries.
 */
export function settleLacking(checked: CheckedResults & { began?: number }): SettledResults {
  const lacking = checked.lacking ?? [];
  if (lacking.length === 0) return { results: checked.results, unfinished: checked.unfinished };
  const someChecked = checked.results.length > 0 || (checked.began ?? 0) > 0;
  if (!someChecked) return { results: [], unfinished: [], skipReason: lacking[0] };
  return {
    results: checked.results,
    unfinished: [
      ...checked.unfinished,
      ...lacking.map((reason) => ({
        file: null,
        reason: `${reason}: the test files run without it are not checked`,
      })),
    ],
  };
}
