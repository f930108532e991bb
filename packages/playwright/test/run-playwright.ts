import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fakePackageVersion } from '../../../test-support/fake-version.js';
import { installPacked } from '../../../test-support/packed.js';
import { type ProjectRun, type RunInProjectOptions, runInProject } from '../../../test-support/project.js';

const installed = (alias: string) => realpathSync(join(import.meta.dirname, '..', 'node_modules', alias));

/** Each Playwright Test under test, by its devDependency alias. */
const playwrights = {
  playwright140: installed('playwright140'),
  playwright150: installed('playwright150'),
  playwright165: installed('playwright165'),
};

export type PlaywrightVersion = keyof typeof playwrights;
export const playwrightVersions = Object.keys(playwrights) as PlaywrightVersion[];

export interface RunPlaywrightOptions {
  files: Record<string, string>;
  playwright: PlaywrightVersion;
  args?: string[];
  env?: Record<string, string>;
  /** The version the project's `@playwright/test` claims: that version, faked on top of the real one. */
  fakeVersion?: string;
  /** Under `reaper run` (@reaper/cli, packed too), its report in `reaper-report.json`. */
  gate?: boolean;
  /** Called once Playwright is running (its process, the project); then it gets `stopSignal` (SIGTERM unless given). */
  whileRunning?: RunInProjectOptions['whileRunning'];
  stopSignal?: NodeJS.Signals;
}

/**
 * Runs real Playwright Test on an inline CommonJS project where `@reaper/playwright` and
 * `@reaper/core` are installed from their packed tarballs, the way npm installs them, and
 * `@playwright/test` is the version under test. The project's config is its own
 * (`playwright.config.js` in `files`).
 */
export function runPlaywright(options: RunPlaywrightOptions): Promise<ProjectRun> {
  const dir = playwrights[options.playwright];
  return runInProject({
    files: { 'package.json': JSON.stringify({ name: 'project' }), ...options.files },
    install(project) {
      installPacked(project, ['core', 'playwright', ...(options.gate ? ['cli'] : [])]);
      mkdirSync(join(project, 'node_modules', '@playwright'), { recursive: true });
      const target = join(project, 'node_modules', '@playwright', 'test');
      if (options.fakeVersion) fakePackageVersion(dir, target, options.fakeVersion, ['index.js']);
      else symlinkSync(dir, target);
    },
    argv: [
      ...(options.gate
        ? [
            'node_modules/@reaper/cli/dist/bin.js',
            'run',
            '--report',
            'reaper-report.json',
            '--',
            process.execPath,
          ]
        : []),
      join(dir, 'cli.js'),
      'test',
      ...(options.args ?? []),
    ],
    env: { CI: '1', ...options.env },
    whileRunning: options.whileRunning,
    stopSignal: options.whileRunning && (options.stopSignal ?? 'SIGTERM'),
  });
}
