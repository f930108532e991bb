import type { ScopeResult } from '@reaper/core';
import { hasLeaks } from '@reaper/core/adapter';

export type Annotate = (message: string, type?: string) => Promise<unknown>;

/**
 * A test that leaked and still passes (`mode: 'warn'`) gets the report as an annotation, which
 * Vitest's junit reporter (and any reporter that shows annotations) prints without extra setup; a
 * test that fails has it in its error. `message` is the warning's text. Vitest refuses annotations
 * once a test finished, so the state is "run" for the duration of the call.
 */
export async function annotate(
  annotateTask: Annotate,
  task: object,
  result: ScopeResult,
  message: string,
): Promise<void> {
  if (result.leaked.length === 0 || typeof annotateTask !== 'function') return;
  if (!hasLeaks(result)) return;
  const state = (task as { result?: { state: string } }).result;
  const saved = state?.state;
  try {
    if (state) state.state = 'run';
    await annotateTask(message, 'reaper');
  } catch {
    // An annotation is a courtesy; the failure itself carries the report.
  } finally {
    if (state && saved !== undefined) state.state = saved;
  }
}
