import { fileURLToPath } from 'node:url';

interface CallSiteFile {
  getFileName(): string | null | undefined;
}

/**
 * The index of the first raw call site at or after `from` that is in `testFile` (absolute), or -1:
 * the test's line that called the helper which spawned. Reads file names only, so it costs nothing
 * beyond the stack the spawn site was found in.
 */
export function findTestFrame(sites: readonly CallSiteFile[], from: number, testFile: string): number {
  for (let i = from; i < sites.length; i++) {
    let file = sites[i]!.getFileName() ?? '';
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (file === testFile) return i;
  }
  return -1;
}
