import { fileURLToPath } from 'node:url';
import { guardRun, isPlatformSupported, resolveOptions } from '@reaper/core';
import type { ReaperVitestOptions } from './install.js';
import { encodeOptions, OPTIONS_VAR } from './options-channel.js';

interface ConfigureVitestContext {
  vitest: { config: { reporters: unknown[] } };
  project: { config: { setupFiles: string[] } };
}

/**
 * `plugins: [reaper({ outputFile: 'reaper-report.json' })]`: adds reaper's setup file (first, so its
 * hooks wrap everyone else's) and its reporter (after the user's reporters, and kept when
 * `--reporter` is given on the command line).
 */
export default function reaper(options: ReaperVitestOptions = {}) {
  const resolved = resolveOptions(options, { source: 'reaper() Vitest plugin' });
  const wire = encodeOptions(options);
  return {
    name: 'reaper',
    // Vitest re-runs setup files before each test file, but a file it externalizes (anything under
    // node_modules) is imported once per worker and cached by Node: with isolation off, the second
    // file would get no hooks. Inlining @reaper/vitest then makes the setup run for every file.
    // (With isolation on, each file has fresh modules anyway, and inlining would only cost time.)
    config(config: { test?: { isolate?: boolean } }) {
      const isolate = config.test?.isolate ?? !process.argv.includes('--no-isolate');
      if (isolate) return undefined;
      return { test: { server: { deps: { inline: [/[\\/]@reaper[\\/]vitest[\\/]/] } } } };
    },
    configureVitest({ vitest, project }: ConfigureVitestContext) {
      if (resolved.mode === 'off') return;
      process.env[OPTIONS_VAR] = wire;
      // Ctrl-C or a CI cancel reaching Vitest: worker threads never see the signal, so the main
      // process ends what the run's tests left running.
      if (isPlatformSupported()) guardRun();
      const setup = fileURLToPath(new URL('./setup.js', import.meta.url));
      const reporter = fileURLToPath(new URL('./reporter.js', import.meta.url));
      if (!project.config.setupFiles.includes(setup)) project.config.setupFiles.unshift(setup);
      vitest.config.reporters.push([reporter, { outputFile: options.outputFile }]);
    },
  };
}
