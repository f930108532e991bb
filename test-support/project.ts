import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** An e2e project: a fresh temporary directory (named after `prefix`) holding `files`. */
export function createProject(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export interface CommandRun {
  /** The exit code; -1 when a signal ended it. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** SIGKILLs the command after this long (every wait has a bound). */
  killAfterMs?: number;
  /** Called once the command runs (it is SIGKILLed if this throws). */
  whileRunning?: (command: ChildProcess) => Promise<void>;
}

/** Runs a command (an e2e project's test runner) to its end; collects its output. */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandRun> {
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 90_000);
  const closed = new Promise<number | null>((resolve) =>
    child.once('close', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  try {
    await options.whileRunning?.(child);
  } catch (error) {
    child.kill('SIGKILL');
    clearTimeout(timer);
    throw error;
  }
  const code = await closed;
  clearTimeout(timer);
  return { code, stdout, stderr };
}
