// The test command's closing line: the jest runs' counts added up, as one plain
// "tests: N passed, N failed" line, so whoever reads the end of the log (CI among them) counts what
// ran, whatever the tests themselves printed before it.
'use strict';
const { readFileSync } = require('node:fs');

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const results = JSON.parse(readFileSync(file, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
