// `setupFiles: ['@reaper/vitest/setup']`, added for you by the reaper() plugin. Options come from
// the plugin (through the environment) and from REAPER_* variables.
import { installReaper } from './install.js';
import { decodeOptions, OPTIONS_VAR } from './options-channel.js';

installReaper(decodeOptions(process.env[OPTIONS_VAR]));
