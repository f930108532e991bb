process.stderr.write('reaper: the CLI is not built yet\n');
process.exit(2);
