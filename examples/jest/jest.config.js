module.exports = {
  setupFilesAfterEnv: ['@reaper/jest/setup'],
  reporters: [
    'default',
    ['@reaper/jest/reporter', { outputFile: 'reaper-report.json', htmlFile: 'reaper-report.html' }],
  ],
};
