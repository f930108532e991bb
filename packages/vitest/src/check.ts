import type { Checked, Scope, Worker } from '@reaper/core/adapter';
import { type Annotate, annotate } from './annotate.js';
import type { ReaperMeta } from './install.js';
import type { TaskLike } from './names.js';

/** A test, describe block or file as the adapter reads and marks it. */
export type SuiteTask = TaskLike & { meta: ReaperMeta; tasks?: SuiteTask[]; concurrent?: boolean };

/**
 * Checks a scope; its result travels to the reporter in the task's meta and on the results channel
 * (which outlives a worker that dies), a leak fails the task. The error's stack is one frame at the
 * spawn site: Vitest shows that line (github-actions points at it).
 */
export async function check(
  worker: Worker,
  scope: Scope,
  task: SuiteTask,
  annotateTask?: Annotate,
): Promise<void> {
  const checked: Checked | undefined = await worker.check(scope);
  if (!checked) return;
  task.meta.reaper = [...(task.meta.reaper ?? []), checked.result];
  // A failing test carries the report in its error, at the spawn site: an annotation would repeat
  // it (Vitest 3.2 even places it in reaper's own source). A test that passes gets one.
  if (checked.verdict.action === 'fail') throw checked.verdict.error;
  if (annotateTask && checked.verdict.action === 'warn') {
    await annotate(annotateTask, task, checked.result, checked.verdict.message);
  }
}
