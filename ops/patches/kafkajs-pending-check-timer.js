// kafkajs 2.2.4 (its last release) schedules its pending-request check with a delay of
// `throttledUntil - Date.now()`, which is minus the time since 1970 when the broker never
// throttled and nothing is pending. Node 24 warns about every negative delay
// ("TimeoutNegativeWarning: -1796553897636 is a negative number"), so each fresh process printed
// it once; the timer then fired after 1 ms anyway. The fix passes that 1 ms itself. Applied at
// install, like kafkajs-read-committed.js:
//   node ops/patches/kafkajs-pending-check-timer.js      (idempotent; fails loudly if kafkajs changed)
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..', 'node_modules', 'kafkajs');
const file = join(root, 'src', 'network', 'requestQueue', 'index.js');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const before = '        this.checkPendingRequests()\n      }, scheduleAt)\n';
const fixed = '        this.checkPendingRequests()\n      }, Math.max(scheduleAt, 1))\n';
const source = readFileSync(file, 'utf8');

if (source.includes(fixed)) process.exit(0);
if (version !== '2.2.4' || !source.includes(before)) {
  console.error(
    `[setup] kafkajs ${version}: requestQueue/index.js is not the known 2.2.4 source; review ops/patches/kafkajs-pending-check-timer.js`,
  );
  process.exit(1);
}
writeFileSync(file, source.replace(before, fixed));
console.error('[setup] patched kafkajs pending-request timer (ops/patches/kafkajs-pending-check-timer.js)');
