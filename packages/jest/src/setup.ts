// Zero-config entry for `setupFilesAfterEnv: ['@reaper/jest/setup']` (or `setupFiles`). Options
// come from the environment (REAPER_MODE, REAPER_GRACE_MS, …); call `installReaper(options)` from a
// setup file of your own to set them in code.
import { installReaper } from './install.js';

installReaper();
