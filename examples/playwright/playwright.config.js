// @ts-check
const { defineConfig } = require('@playwright/test');

module.exports = defineConfig({
  testDir: 'test',
  reporter: [
    ['list'],
    ['@reaper/playwright/reporter', { outputFile: 'reaper-report.json', htmlFile: 'reaper-report.html' }],
  ],
});
