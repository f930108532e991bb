/** Where a command writes and what it reads: the process's own by default, replaceable in tests. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** A refused command line: printed as one line, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit statuses of the `reaper` command itself. */
export const EXIT = {
  ok: 0,
  /** `reaper report --fail-on-leak`: a report holds a leak. */
  leakInReport: 1,
  /** A bad option, a bad input file, or no command. */
  usage: 2,
  /** `reaper run` in `fail` mode: the command succeeded but left processes behind. */
  leaked: 3,
  /** `reaper report --fail-on-leak`: the report was skipped, so nothing was checked. */
  notChecked: 4,
} as const;
