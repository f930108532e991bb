import type { AllowMatcher, ReaperOptions } from '@reaper/core';
// From the kit alone: this file is loaded in every worker, where `@reaper/core`'s main entry (its
// report writers and readers) would cost each test file's process milliseconds for nothing.
import { describeValue, ReaperOptionError } from '@reaper/core/adapter';

/**
 * The plugin's options reach the setup file in each worker (process or thread) through the
 * environment, as JSON; a RegExp travels as its source and flags. A function cannot cross: it is
 * refused with a pointer to `installReaper`, which takes functions in a setup file of one's own.
 */
export const OPTIONS_VAR = 'REAPER_VITEST_OPTIONS';

type Wire = Omit<ReaperOptions, 'allow'> & { allow?: Array<string | { source: string; flags: string }> };

export function encodeOptions(options: ReaperOptions): string {
  const { allow, ...rest } = options;
  const wire: Wire = { ...rest };
  if (allow !== undefined) {
    if (!Array.isArray(allow)) return JSON.stringify({ ...wire, allow });
    wire.allow = allow.map((matcher: AllowMatcher, index) => {
      if (matcher instanceof RegExp) return { source: matcher.source, flags: matcher.flags };
      if (typeof matcher === 'function') {
        throw new ReaperOptionError(
          `Expected \`allow[${index}]\` of the reaper() Vitest plugin to be a string or a RegExp, got ${describeValue(matcher)}: functions cannot be sent to Vitest's workers. Call installReaper({ allow }) from \`@reaper/vitest/install\` in a setup file instead.`,
        );
      }
      return matcher;
    });
  }
  return JSON.stringify(wire);
}

export function decodeOptions(text: string | undefined): ReaperOptions {
  if (!text) return {};
  const wire = JSON.parse(text) as Wire;
  const { allow, ...rest } = wire;
  const options: ReaperOptions = { ...rest };
  if (Array.isArray(allow)) {
    options.allow = allow.map((m) => (typeof m === 'string' ? m : new RegExp(m.source, m.flags)));
  }
  return options;
}
