// Fixes to kafkajs 2.2.4 (its last release), applied at install (package.json's postinstall and
// ops/node-deps.sh): node ops/patches/kafkajs.js. Idempotent; fails loudly when kafkajs is not the
// known 2.2.4 source, so a new version is reviewed rather than patched blindly. Each fix is guarded
// by a test that fails without it (named below).
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const PATCHES = [
  {
    // read_committed consumers were handed aborted records. kafkajs walks the fetch response's
    // aborted transactions assuming they are sorted by first offset, switching on at most one per
    // record; the broker lists them in the order they ended, so when several producers'
    // transactions overlap and are aborted (a killed task's producers, fenced at once) records of
    // the earlier ones got through. The Java client sorts them by first offset and switches on
    // every one that began at or before the record. The engine's exactly-once depends on it.
    // Test: topologies/engine/internals/runtime/read-committed.test.ts.
    what: 'read_committed filtering',
    file: 'src/consumer/filterAbortedMessages.js',
    fixes: [
      [
        '  const remainingAbortedTransactions = [...abortedTransactions]\n',
        '  const remainingAbortedTransactions = [...abortedTransactions].sort((a, b) =>\n    Long.fromValue(a.firstOffset).compare(Long.fromValue(b.firstOffset))\n  )\n',
      ],
      [
        '    if (\n      remainingAbortedTransactions.length &&',
        '    while (\n      remainingAbortedTransactions.length &&',
      ],
    ],
  },
  {
    // The pending-request check was scheduled with `throttledUntil - Date.now()`: minus the time
    // since 1970 when nothing was ever throttled. Node 24 warns about every negative delay
    // ("TimeoutNegativeWarning"), once in every fresh process; the timer fired after 1 ms anyway.
    // Test: ops/patches/kafkajs-pending-check-timer.test.ts.
    what: 'pending-request timer',
    file: 'src/network/requestQueue/index.js',
    fixes: [
      [
        '        this.checkPendingRequests()\n      }, scheduleAt)\n',
        '        this.checkPendingRequests()\n      }, Math.max(scheduleAt, 1))\n',
      ],
    ],
  },
  {
    // createTopics({ waitForLeaders: true }) retried only LEADER_NOT_AVAILABLE; a KRaft broker
    // answers UNKNOWN_TOPIC_OR_PARTITION until it has applied the controller's new metadata
    // (seconds under load), and kafkajs gave up with "This server does not host this
    // topic-partition": the product's, the engine's and the tests' topics failed now and then.
    // Test: ops/patches/kafkajs-wait-for-new-topics.test.ts.
    what: 'createTopics wait for leaders',
    file: 'src/admin/index.js',
    fixes: [
      [
        "      if (e.type !== 'LEADER_NOT_AVAILABLE') {\n",
        "      if (e.type !== 'LEADER_NOT_AVAILABLE' && e.type !== 'UNKNOWN_TOPIC_OR_PARTITION') {\n",
      ],
    ],
  },
];

const root = join(__dirname, '..', '..', 'node_modules', 'kafkajs');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
for (const { what, file, fixes } of PATCHES) {
  const path = join(root, file);
  const source = readFileSync(path, 'utf8');
  if (fixes.every(([, fixed]) => source.includes(fixed))) continue;
  if (version !== '2.2.4' || !fixes.every(([before]) => source.includes(before))) {
    console.error(
      `[setup] kafkajs ${version}: ${file} is not the known 2.2.4 source; review ops/patches/kafkajs.js`,
    );
    process.exit(1);
  }
  writeFileSync(
    path,
    fixes.reduce((text, [before, fixed]) => text.replace(before, fixed), source),
  );
  console.error(`[setup] patched kafkajs: ${what} (ops/patches/kafkajs.js)`);
}
