// `"tap": { "plugin": ["@reaper/tap"] }` in package.json (or `plugin: ["@reaper/tap"]` in .taprc):
// reaper follows every subtest of every test file, and writes the run's report from the `tap`
// command's process. Options come from the environment (REAPER_MODE, REAPER_REPORT, …).
import { createReaperPlugin } from './plugin.js';

export const plugin = createReaperPlugin();
