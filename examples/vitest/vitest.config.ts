import reaper from '@reaper/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [reaper({ outputFile: 'reaper-report.json', htmlFile: 'reaper-report.html' })],
});
