#!/usr/bin/env node
// Runs Jest and ends with one line `N passed, N failed`, which CI reads instead of Jest's summary.
// Extra arguments go to Jest (e.g. `npm test -- --testPathPatterns=int-spec`).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// One results file per run, so runs side by side in one checkout cannot read each other's.
const resultsFile = path.join(os.tmpdir(), `jest-results-${process.pid}.json`);
fs.rmSync(resultsFile, { force: true });

const jest = require.resolve('jest/bin/jest');
const run = spawnSync(
  process.execPath,
  [jest, '--ci', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const skippedNames = [];
try {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  skipped = results.numPendingTests + results.numTodoTests;
  // A suite that fails to load or throws outside a test runs no test: count it as a failure.
  for (const suite of results.testResults) {
    if (suite.status === 'failed' && suite.assertionResults.every((t) => t.status !== 'failed')) {
      failed += 1;
    }
    for (const test of suite.assertionResults) {
      if (test.status === 'pending' || test.status === 'todo') skippedNames.push(test.fullName);
    }
  }
} catch {
  failed += 1; // Jest wrote no results: it crashed.
}
const exitCode = run.status === 0 && failed === 0 ? 0 : 1;
// Say what did not run and why (e.g. the contract run against a real EventStoreDB without LEDGER_ESDB_URL).
for (const name of skippedNames) process.stdout.write(`skipped: ${name}\n`);
process.stdout.write(
  `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`,
);
process.exit(exitCode);
