import type { Chain, Implementation, Macro } from './ava.js';

export type DeclarationKind = 'test' | 'before' | 'after' | 'beforeEach' | 'afterEach';

/** A test or hook the file declared, as AVA will run it. */
export interface Declaration {
  kind: DeclarationKind;
  /** `.always` (an after hook that runs whatever failed before it). */
  always: boolean;
  /** `test.failing`: a failure passes it. */
  failing: boolean;
  /**
   * A hook's title as AVA shows it (`beforeEach hook` when untitled): AVA runs a beforeEach or
   * afterEach hook for a test as `<hook title> for <test title>`.
   */
  title: string | undefined;
}

export interface ChainListener {
  /** The file's first declaration, before AVA sees it (AVA starts the tests on the next tick). */
  first(): void;
  /** What runs in place of a declared implementation. */
  wrap(declaration: Declaration, exec: Implementation): Implementation;
}

const HOOKS = new Set<string>(['before', 'beforeEach', 'after', 'afterEach']);

/**
 * A copy of AVA's test chain (`test`, `test.serial.afterEach.always`, … with `meta` and `macro`)
 * whose every declaration goes to AVA with its implementation wrapped by `listener`. Skipped and
 * todo declarations, and arguments AVA would refuse, go to AVA as they are.
 */
export function wrapChain(original: Chain, listener: ChainListener): Chain {
  let declared = false;
  const declare = (path: readonly string[], args: unknown[]): unknown[] => {
    if (!declared) {
      declared = true;
      listener.first();
    }
    if (path.includes('skip') || path.includes('todo')) return args;
    const titled = typeof args[0] === 'string';
    const raw = titled ? (args[0] as string) : undefined;
    const given = args[titled ? 1 : 0];
    const exec = implementationOf(given);
    if (!exec) return args;
    const rest = args.slice(titled ? 2 : 1);
    const titleOf =
      typeof (given as Partial<Macro>).title === 'function' ? (given as Macro).title : undefined;
    const kind = (path.find((key) => HOOKS.has(key)) ?? 'test') as DeclarationKind;
    const always = path.includes('always');
    const declaration: Declaration = {
      kind,
      always,
      failing: path.includes('failing'),
      title: kind === 'test' ? undefined : hookTitle(kind, always, raw, titleOf, rest),
    };
    const macro: Macro = { exec: listener.wrap(declaration, exec) };
    if (titleOf) macro.title = titleOf;
    return [...(titled ? [raw] : []), macro, ...rest];
  };
  const root = copy(original, [], declare);
  // `test.default`: the chain again, for TypeScript's CommonJS output.
  Object.defineProperty(root, 'default', { value: root, enumerable: false });
  return root;
}

function copy(
  node: Chain,
  path: readonly string[],
  declare: (path: readonly string[], args: unknown[]) => unknown[],
): Chain {
  const wrapped = ((...args: unknown[]) => node(...declare(path, args))) as Chain;
  Object.defineProperty(wrapped, 'name', { value: node.name });
  for (const key of Object.keys(node)) {
    const value = node[key];
    // `macro` makes macros, `meta` is data: both are AVA's as they are.
    wrapped[key] =
      typeof value === 'function' && key !== 'macro' ? copy(value as Chain, [...path, key], declare) : value;
  }
  return wrapped;
}

function implementationOf(given: unknown): Implementation | undefined {
  if (typeof given === 'function') return given as Implementation;
  const exec = (given as Partial<Macro> | null | undefined)?.exec;
  return typeof exec === 'function' ? exec : undefined;
}

/** A hook's title the way AVA makes it (`parseTestArgs` and its fallback). */
function hookTitle(
  kind: DeclarationKind,
  always: boolean,
  raw: string | undefined,
  titleOf: Macro['title'],
  args: unknown[],
): string {
  let value: unknown = raw;
  try {
    value = titleOf?.(raw, ...args) ?? raw;
  } catch {
    // AVA calls it again, and says what it threw.
  }
  const title = typeof value === 'string' ? value.trim().replaceAll(/\s+/g, ' ') : '';
  return title || `${kind}${always ? '.always' : ''} hook`;
}
