import { createRequire } from 'node:module';

declare const __filename: string | undefined;

let require: NodeJS.Require | undefined;

/**
 * `require` from this build's own file: for Node's built-ins, koffi, and the kit's parts beside it.
 * In CommonJS from `__filename`, not `import.meta.url`: tsup's stand-in for that reads `document`
 * where there is one (a Jest test environment of jsdom, which evaluates the file in its sandbox)
 * and gives `http://localhost/main.js`, which `createRequire` refuses.
 */
export function localRequire(id: string): unknown {
  require ??= createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  return require(id);
}
