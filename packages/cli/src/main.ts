import { EXIT, type Io, processIo, UsageError } from './io.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { USAGE } from './usage.js';

/** The `reaper` command: `reaper run …` or `reaper report …`. Resolves to the exit status. */
export async function main(args: readonly string[], io: Io = processIo(), version = ''): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'report':
        return reportCommand(rest, io);
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return EXIT.ok;
      case '--version':
      case '-v':
        io.stdout(`${version}\n`);
        return EXIT.ok;
      case undefined:
        io.stderr(USAGE);
        return EXIT.usage;
      default:
        io.stderr(`reaper: unknown command \`${command}\`. Expected \`run\` or \`report\`.\n\n${USAGE}`);
        return EXIT.usage;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
