import { skipReason } from '@reaper/core/adapter';
import { parseArgs } from './args.js';
import { runChild, statusOf } from './child.js';
import { gate, gateSkipped } from './gate.js';
import { EXIT, type Io } from './io.js';
import { RUN_FLAGS, runOptions } from './run-options.js';
import { holdSignals } from './signals.js';
import { RUN_USAGE } from './usage.js';

/**
 * `reaper run [options] -- <command...>`. Resolves to the exit status: the command's own when it
 * failed, else 3 in `fail` mode when it left something behind, else 0.
 */
export async function runCommand(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs('reaper run', args, RUN_FLAGS, true);
  if (parsed.flags.has('--help') || parsed.flags.has('-h')) {
    io.stdout(RUN_USAGE);
    return EXIT.ok;
  }
  const options = runOptions(parsed.flags, io.env);
  const command = parsed.positional;
  if (command.length === 0) {
    io.stderr(`reaper run: no command given.\n\n${RUN_USAGE}`);
    return EXIT.usage;
  }
  const signals = holdSignals();
  try {
    if (options.mode === 'off') return statusOf(await runChild(command, { ...io.env }, io, signals));
    const skipped = skipReason();
    // Nothing can be checked here: the command runs untouched and the report says so.
    if (skipped) return await gateSkipped(command, options, io, signals, skipped);
    return await gate(command, options, io, signals);
  } finally {
    signals.release();
  }
}
