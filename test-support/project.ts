import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Report } from '@reaper/core';

/** How long a runner under test may take before it is SIGKILLed (every wait has a bound). */
const RUNNER_TIMEOUT_MS = 90_000;

/** An e2e project: a fresh temporary directory (named after `prefix`) holding `files`. */
export function createProject(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export interface ProjectRun {
  /** The exit code; -1 when a signal ended the runner. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr with pids, times and the project path normalised. */
  output: string;
  /** `reaper-report.json` of the project, if written. */
  report: Report | undefined;
  /** The project directory (removed by the time the run is returned). */
  dir: string;
}

export interface RunInProjectOptions {
  /** The project's files, by path relative to it. */
  files: Record<string, string>;
  /** The start of the temporary directory's name. */
  prefix?: string;
  /** Installs the project's dependencies into `dir/node_modules`. */
  install: (dir: string) => void;
  /** The program that runs the tests; this Node unless given. */
  command?: string;
  /** Its arguments. */
  argv: string[];
  /** Added to this process's environment (without NODE_PATH, and without colours). */
  env?: Record<string, string | undefined>;
  /**
   * Called once the runner is running, with its process, the project directory and its output so
   * far. When it returns, the runner gets `stopSignal` if one is given; when it throws, `stopSignal`
   * or else SIGKILL.
   */
  whileRunning?: (runner: ChildProcess, dir: string, output: () => string) => Promise<void>;
  stopSignal?: NodeJS.Signals;
  /**
   * How `output` joins the two streams: `arrival`, as the chunks came (the default); `streams`, all
   * of stdout, then all of stderr.
   */
  join?: 'arrival' | 'streams';
  /** The runner's own durations made stable, after the pids, `N ms` and the path; `(12ms)` unless given. */
  durations?: (text: string) => string;
}

/**
 * Runs a real test runner in a fresh temporary project, removed afterwards; a runner that hangs is
 * SIGKILLed after 90 s.
 */
export async function runInProject(options: RunInProjectOptions): Promise<ProjectRun> {
  const dir = createProject(options.prefix ?? 'reaper-e2e-', options.files);
  try {
    options.install(dir);
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env };
    // pnpm's bin shims set NODE_PATH to the workspace's store: the project must resolve only what it
    // has installed (through it, Jest would take another Jest's runner; Jest 30, Jest 24's defaults).
    delete env.NODE_PATH;
    const child = spawn(options.command ?? process.execPath, options.argv, {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let arrived = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data;
      arrived += data;
    });
    child.stderr.on('data', (data: Buffer) => {
      stderr += data;
      arrived += data;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUNNER_TIMEOUT_MS);
    const closed = new Promise<number | null>((resolve) =>
      child.once('close', (code, signal) => resolve(code ?? (signal ? -1 : null))),
    );
    if (options.whileRunning) {
      try {
        await options.whileRunning(child, dir, () => arrived);
      } catch (error) {
        child.kill(options.stopSignal ?? 'SIGKILL');
        await closed;
        clearTimeout(timer);
        throw error;
      }
      if (options.stopSignal) child.kill(options.stopSignal);
    }
    const code = await closed;
    clearTimeout(timer);
    const joined = options.join === 'streams' ? `${stdout}\n${stderr}` : arrived;
    const durations = options.durations ?? ((text: string) => text.replace(/\(\d+m?s\)/g, '(T)'));
    return {
      code,
      stdout,
      stderr,
      output: durations(normaliseOutput(joined, dir)),
      report: readReport(join(dir, 'reaper-report.json')),
      dir,
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

/** The project's path, pids and reaper's `N ms` made stable for comparisons. */
export function normaliseOutput(text: string, dir: string): string {
  return text
    .split(realpathSync(dir))
    .join('<project>')
    .split(dir)
    .join('<project>')
    .replace(/\b\d+ ms\b/g, 'N ms')
    .replace(/(├─ |└─ )\d+ /g, '$1PID ');
}

/**
 * reaper's own lines in a run's output, in order. `indented`: also the lines a runner prints
 * indented (Jest shows what a worker printed inside a console block).
 */
export function reaperLines(output: string, { indented = false } = {}): string[] {
  return output
    .split('\n')
    .map((line) => (indented ? line.trim() : line))
    .filter((line) => line.startsWith('reaper:'));
}
