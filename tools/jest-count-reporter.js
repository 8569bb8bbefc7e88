// Appends each jest run's counts to tmp/test-counts.jsonl so tools/run-tests.js can print
// one `N passed, N failed` line over every project (CI does not read jest's own summary), and
// the names of the tests that failed, so the last lines of a CI log say what broke.
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
      failures: results.testResults.flatMap((suite) => [
        ...(suite.testExecError
          ? [`${path.relative(process.cwd(), suite.testFilePath)}: ${suite.testExecError.message}`]
          : []),
        ...suite.testResults
          .filter((t) => t.status === 'failed')
          .map((t) => `${path.relative(process.cwd(), suite.testFilePath)}: ${t.fullName}`),
      ]),
    };
    fs.appendFileSync(file, JSON.stringify(record) + '\n');
  }
}
module.exports = CountReporter;
