import { rmSync } from 'node:fs';
import { PACKED_DIR_VAR, packWorkspace } from './packed.js';

/** Once per test run: the packed packages every e2e project installs (see packed.ts). */
export default function setup(): () => void {
  const dir = packWorkspace();
  process.env[PACKED_DIR_VAR] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
