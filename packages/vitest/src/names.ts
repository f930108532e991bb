/** The minimal shape of Vitest's tasks that naming needs (stable across Vitest 4 and 5). */
export interface TaskLike {
  name: string;
  type: string;
  suite?: TaskLike;
  file?: { filepath: string };
  filepath?: string;
  /** Where the test is declared: only with `includeTaskLocation` (the reaper() plugin turns it on before Vitest 4.1). */
  location?: { line: number; column: number };
}

/** `outer > inner > test name`: the describe path and the test, without the file. */
export function fullName(task: TaskLike): string {
  const names: string[] = [];
  for (let at: TaskLike | undefined = task; at && at.filepath === undefined; at = at.suite) {
    names.unshift(at.name);
  }
  return names.join(' > ');
}
