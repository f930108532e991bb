/**
 * Which describe block a `beforeAll`/`afterAll` hook belongs to, told when the hook is declared:
 * Playwright's test type records each hook on its block, with its location; the worker runs the
 * hook with that same location object (runnable.ts), so the block is found by it at a spawn.
 * What reaper reads of Playwright here (the test type's `_hook` and `_currentSuite`, a block's
 * `_type`, `title` and `parent`) is there from 1.40 to 1.65; where it is not, hooks are their file's.
 */

interface SuiteLike {
  title: string;
  _type?: string;
  parent?: SuiteLike;
  _hooks?: { location?: object }[];
}

interface TestTypeLike {
  _hook?: (this: TestTypeLike, name: string, location: object, ...rest: unknown[]) => unknown;
  _currentSuite?: (this: TestTypeLike, location: object, title: string) => SuiteLike | undefined;
}

const blocks = new WeakMap<object, string[]>();
const FOLLOWED = Symbol.for('reaper.playwright.blocks');

/** The titles of the blocks a hook declared at `location` is in (outermost first); undefined when unknown. */
export function blockOf(location: object | undefined): string[] | undefined {
  return location ? blocks.get(location) : undefined;
}

/**
 * Follows hook declarations on every test type made from `test` (Playwright's, or one extended
 * from it): the prototype they share is wrapped once per realm.
 */
export function followBlocks(test: object): void {
  const symbol = Object.getOwnPropertySymbols(test).find((s) => s.description === 'testType');
  const type = symbol ? ((test as Record<symbol, unknown>)[symbol] as TestTypeLike | undefined) : undefined;
  const proto = type && (Object.getPrototypeOf(type) as TestTypeLike & Record<symbol, unknown>);
  if (
    !proto ||
    proto[FOLLOWED] ||
    typeof proto._hook !== 'function' ||
    typeof proto._currentSuite !== 'function'
  )
    return;
  proto[FOLLOWED] = true;
  const hook = proto._hook;
  proto._hook = function (this: TestTypeLike, name, location, ...rest) {
    const result = hook.call(this, name, location, ...rest);
    if (name === 'beforeAll' || name === 'afterAll') {
      try {
        const suite = this._currentSuite!(location, `test.${name}()`);
        if (suite?._hooks?.at(-1)?.location === location) blocks.set(location, titlesOf(suite));
      } catch {
        // Playwright said what was wrong with the hook already.
      }
    }
    return result;
  };
}

/** The titles of a block and the blocks around it, as in a test's title path (anonymous ones left out). */
function titlesOf(suite: SuiteLike): string[] {
  const titles: string[] = [];
  for (let s: SuiteLike | undefined = suite; s && s._type === 'describe'; s = s.parent)
    if (s.title) titles.unshift(s.title);
  return titles;
}
