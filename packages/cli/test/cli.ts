import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');
export const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

/** Options from the environment of whoever runs the tests must not change what the tests see. */
const CLEAN_ENV = {
  REAPER_MODE: '',
  REAPER_SETTLE_MS: '',
  REAPER_GRACE_MS: '',
  REAPER_KILL_WAIT_MS: '',
  REAPER_REPORT: '',
  REAPER_HTML: '',
  REAPER_RUN_DIR: '',
};

export interface Done {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  /** Resolves when the CLI has exited and its output is closed; kills it after `timeoutMs`. */
  done: Promise<Done>;
  stdout(): string;
}

/** Runs the built `reaper` CLI (`node packages/cli/dist/bin.js …`). */
export function startCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Running {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first (npx -y pnpm@12.4.2 build)`);
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...CLEAN_ENV, ...options.env },
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<Done>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`reaper ${args.join(' ')} did not finish in time; stdout: ${stdout}; stderr: ${stderr}`),
      );
    }, options.timeoutMs ?? 20_000);
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
  return { child, done, stdout: () => stdout };
}

export function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<Done> {
  const running = startCli(args, options);
  running.child.stdin!.end();
  return running.done;
}

/** Pids printed by the fixtures as `left <pid>`. */
export function leftPids(stdout: string): number[] {
  return [...stdout.matchAll(/^left (\d+)$/gm)].map((m) => Number(m[1]));
}

/** Resolves once the CLI's stdout has shown `text`; rejects after `timeoutMs`. */
export async function waitForStdout(running: Running, text: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!running.stdout().includes(text)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"; got: ${running.stdout()}`);
    if (running.child.exitCode !== null) throw new Error(`exited before "${text}"; got: ${running.stdout()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
