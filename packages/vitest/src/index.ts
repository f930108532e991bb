// The plugin entry: loaded by `vitest.config.*` in ESM and CommonJS projects alike, so nothing
// reachable from here imports `vitest`. In-worker code: `@reaper/vitest/setup`, `/install`.
export { default, default as reaper, type ReaperPluginOptions } from './plugin.js';
