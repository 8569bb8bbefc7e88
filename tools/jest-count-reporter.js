// Appends each jest run's counts to tmp/test-counts.jsonl so tools/run-tests.js can print
// one `N passed, N failed` line over every project (CI does not read jest's own summary).
const fs = require('node:fs');
const path = require('node:path');

class CountReporter {
  onRunComplete(_contexts, results) {
    const file = path.join(__dirname, '..', 'tmp', 'test-counts.jsonl');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const record = {
      project: process.cwd(),
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.appendFileSync(file, JSON.stringify(record) + '\n');
  }
}
module.exports = CountReporter;
