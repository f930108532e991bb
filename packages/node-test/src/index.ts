// `node --test --import @reaper/node-test` (or `--require`): reaper in every test file's process.
// Options come from the environment (REAPER_MODE, REAPER_GRACE_MS, …).
import { installReaper } from './install.js';

installReaper();
