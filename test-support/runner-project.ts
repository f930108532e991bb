import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Report } from '@reaper/core';

/** How long a runner under test may take before it is SIGKILLed. */
const RUNNER_TIMEOUT_MS = 90_000;

export interface ProjectRun {
  code: number | null;
  /** stdout then stderr as they came, with pids, times and the project path normalised. */
  output: string;
  /** `reaper-report.json` of the project, if written. */
  report: Report | undefined;
}

export interface RunInProjectOptions {
  /** The project's files, by path relative to it. */
  files: Record<string, string>;
  /** Installs the project's dependencies into `dir/node_modules`. */
  install: (dir: string) => void;
  /** The runner's command line, after `node`. */
  argv: string[];
  env?: Record<string, string>;
  /**
   * Called once the runner is running, with its process, the project directory and its output so
   * far; when it returns (or throws), the runner gets `stopSignal`.
   */
  whileRunning?: (runner: ChildProcess, dir: string, output: () => string) => Promise<void>;
  stopSignal?: NodeJS.Signals;
}

/**
 * Runs a real test runner with Node in a fresh temporary project, removed afterwards; a runner that
 * hangs is SIGKILLed after 90 s.
 */
export async function runInProject(options: RunInProjectOptions): Promise<ProjectRun> {
  const dir = mkdtempSync(join(tmpdir(), 'reaper-e2e-'));
  for (const [name, text] of Object.entries(options.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  try {
    options.install(dir);
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env };
    // pnpm's bin shims set NODE_PATH to the workspace's store: the project must resolve only what it
    // has installed (under it, Jest 30 takes Jest 24's defaults: jsdom and jasmine2).
    delete env.NODE_PATH;
    const child = spawn(process.execPath, options.argv, {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (data: Buffer) => {
      output += data;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), RUNNER_TIMEOUT_MS);
    const closed = new Promise<number | null>((resolve) =>
      child.once('close', (code, signal) => resolve(code ?? (signal ? -1 : null))),
    );
    if (options.whileRunning) {
      try {
        await options.whileRunning(child, dir, () => output);
      } finally {
        child.kill(options.stopSignal ?? 'SIGTERM');
      }
    }
    const code = await closed;
    clearTimeout(timer);
    return {
      code,
      output: normaliseOutput(output, dir),
      report: readReport(join(dir, 'reaper-report.json')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readReport(path: string): Report | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Report;
  } catch {
    return undefined;
  }
}

/** Pids, durations and the project's path made stable for comparisons. */
export function normaliseOutput(text: string, dir: string): string {
  return text
    .split(realpathSync(dir))
    .join('<project>')
    .split(dir)
    .join('<project>')
    .replace(/\b\d+ ms\b/g, 'N ms')
    .replace(/(├─ |└─ )\d+ /g, '$1PID ')
    .replace(/\(\d+m?s\)/g, '(T)');
}
