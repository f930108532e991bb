import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** A Node to run `node --test` with: its major and its binary, or why it is missing. */
export interface NodeBinary {
  major: number;
  path: string | undefined;
  missing: string | undefined;
}

const run = promisify(execFile);

/**
 * The Node binary of `major`: this process's own when its major matches, else `npx -y
 * node@<major>`'s (the registry may be out of reach: then `missing` says why, and that major's tests
 * are skipped with the reason).
 */
export async function findNodeBinary(major: number): Promise<NodeBinary> {
  if (Number.parseInt(process.versions.node, 10) === major) {
    return { major, path: process.execPath, missing: undefined };
  }
  try {
    const { stdout } = await run('npx', ['-y', `node@${major}`, '-p', 'process.execPath'], {
      timeout: 120_000,
    });
    return { major, path: stdout.trim(), missing: undefined };
  } catch (error) {
    return { major, path: undefined, missing: `npx -y node@${major} failed: ${(error as Error).message}` };
  }
}

/** The binaries of every tested major: Node 20, 22, 24 and 26. */
export function findNodeBinaries(): Promise<NodeBinary[]> {
  return Promise.all([20, 22, 24, 26].map(findNodeBinary));
}
