import { UsageError } from './io.js';

export interface FlagSpec {
  /** `--grace-ms` */
  name: string;
  /** Whether it takes a value (`--grace-ms 500`, `--grace-ms=500`). */
  value: boolean;
}

export interface Parsed {
  /** Flag values by name; `true` for a flag without a value. The last occurrence wins. */
  flags: Map<string, string | true>;
  /** Everything that is not a flag, in order. */
  positional: string[];
  /** Whether `--` was given (everything after it is positional). */
  dashDash: boolean;
}

/**
 * Parses flags of `specs`. With `stopAtPositional`, the first positional argument ends the flags
 * (`reaper run vitest --run`: `--run` is the command's). Refuses an unknown flag, a missing value, a
 * value given to a flag that takes none.
 */
export function parseArgs(
  command: string,
  args: readonly string[],
  specs: readonly FlagSpec[],
  stopAtPositional: boolean,
): Parsed {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  let dashDash = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      dashDash = true;
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (stopAtPositional) {
        positional.push(...args.slice(i));
        break;
      }
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      throw new UsageError(
        `${command}: unknown option \`${name}\`. Expected one of: ${specs.map((s) => s.name).join(', ')}.`,
      );
    }
    if (!spec.value) {
      if (eq > 0) throw new UsageError(`${command}: option \`${name}\` takes no value, got \`${arg}\`.`);
      flags.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < args.length && args[i + 1] !== '--') value = args[++i];
    if (value === undefined) throw new UsageError(`${command}: option \`${name}\` needs a value.`);
    flags.set(name, value);
  }
  return { flags, positional, dashDash };
}
