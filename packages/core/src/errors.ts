/** An option, environment variable or input that reaper refuses. The message names what was wrong. */
export class ReaperOptionError extends TypeError {
  override name = 'ReaperOptionError';

  /**
   * Each entry of `@reaper/core` (the main one, `/adapter`) and each build (ESM, CommonJS) is a
   * bundle of its own, with its own copy of this class: an error thrown by any copy is an instance
   * of every copy, so that `instanceof` holds whichever entry the error came from.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'ReaperOptionError';
  }
}

/** Describes a value for an error message: `-1` (number), `"abc"` (string), `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return '`null`';
  if (value === undefined) return '`undefined`';
  if (typeof value === 'string') return `\`${JSON.stringify(value)}\` (string)`;
  if (typeof value === 'function') return `\`${value.name || 'anonymous'}\` (function)`;
  if (value instanceof RegExp) return `\`${String(value)}\` (RegExp)`;
  if (Array.isArray(value)) return `\`${safeJson(value)}\` (array)`;
  if (typeof value === 'object') return `\`${safeJson(value)}\` (object)`;
  return `\`${String(value)}\` (${typeof value})`;
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}
