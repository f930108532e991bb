import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Kit from '@reaper/core/adapter';

let kit: typeof Kit | undefined;

/**
 * The adapter kit (`@reaper/core/adapter`), loaded once per worker process by Node's own loader.
 * Jest evaluates setup files in each test file's sandbox, through a module registry of its own, so
 * a plain import would load the whole engine again for every file. Jest hands the sandbox a subclass
 * of Node's `Module` whose `createRequire` goes through that registry; its parent class is Node's
 * own. Outside Jest (or where that class is out of reach) this is an ordinary require.
 */
export function loadKit(): typeof Kit {
  kit ??= nativeRequire()('@reaper/core/adapter') as typeof Kit;
  return kit;
}

type ModuleClass = { createRequire(path: string): NodeJS.Require; _load?: unknown };

function nativeRequire(): NodeJS.Require {
  const given = (nodeModule.Module ?? nodeModule) as unknown as ModuleClass;
  const parent = Object.getPrototypeOf(given) as Partial<ModuleClass> | null;
  const native =
    typeof parent?.createRequire === 'function' && typeof parent._load === 'function'
      ? (parent as ModuleClass)
      : given;
  return native.createRequire(ownPath());
}

/**
 * This module's file. In CommonJS its `__filename`: the `import.meta.url` tsup makes of it there
 * reads `document` where there is one, and under jsdom (Jest 24–26's default test environment)
 * that is the page's URL, not a file.
 */
function ownPath(): string {
  return typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
}
