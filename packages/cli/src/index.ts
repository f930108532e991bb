// @reaper/cli: programmatic entry points of the `reaper` command (filled in by the CLI issue).
export {};
