import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** A Node to run `node --test` with: its major and its binary, or why it is missing. */
export interface NodeBinary {
  major: 20 | 22 | 24;
  path: string | undefined;
  missing: string | undefined;
}

const run = promisify(execFile);

/**
 * The Node binaries of every supported major: this process's own when its major matches, else
 * `npx -y node@<major>` (resolved once per test file; the registry may be out of reach, and then
 * that major's tests are skipped with the reason).
 */
export async function findNodeBinaries(): Promise<NodeBinary[]> {
  return Promise.all(
    ([20, 22, 24] as const).map(async (major): Promise<NodeBinary> => {
      if (Number.parseInt(process.versions.node, 10) === major) {
        return { major, path: process.execPath, missing: undefined };
      }
      try {
        const { stdout } = await run('npx', ['-y', `node@${major}`, '-p', 'process.execPath'], {
          timeout: 120_000,
        });
        return { major, path: stdout.trim(), missing: undefined };
      } catch (error) {
        return {
          major,
          path: undefined,
          missing: `npx -y node@${major} failed: ${(error as Error).message}`,
        };
      }
    }),
  );
}
