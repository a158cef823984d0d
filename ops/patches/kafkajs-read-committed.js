// kafkajs 2.2.4 (its last release) leaks aborted records to read_committed consumers. It walks the
// fetch response's aborted transactions assuming they are sorted by first offset, switching on at
// most one per record; the broker lists them in the order they ended (abort marker offset), so
// when several producers' transactions overlap and are aborted (a killed task's producers, all
// fenced at once) records of the earlier ones get through. The Java client sorts them by first
// offset and switches on every one that began at or before the record. The stream engine's
// exactly-once (restores, repartition topics, read_committed outputs) depends on this, so the
// same fix is applied at install:
//   node ops/patches/kafkajs-read-committed.js      (idempotent; fails loudly if kafkajs changed)
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..', 'node_modules', 'kafkajs');
const file = join(root, 'src', 'consumer', 'filterAbortedMessages.js');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const fixes = [
  [
    '  const remainingAbortedTransactions = [...abortedTransactions]\n',
    '  const remainingAbortedTransactions = [...abortedTransactions].sort((a, b) =>\n    Long.fromValue(a.firstOffset).compare(Long.fromValue(b.firstOffset))\n  )\n',
  ],
  [
    '    if (\n      remainingAbortedTransactions.length &&',
    '    while (\n      remainingAbortedTransactions.length &&',
  ],
];
const source = readFileSync(file, 'utf8');

if (fixes.every(([, fixed]) => source.includes(fixed))) process.exit(0);
if (version !== '2.2.4' || !fixes.every(([before]) => source.includes(before))) {
  console.error(
    `[setup] kafkajs ${version}: filterAbortedMessages.js is not the known 2.2.4 source; review ops/patches/kafkajs-read-committed.js`,
  );
  process.exit(1);
}
writeFileSync(
  file,
  fixes.reduce((text, [before, fixed]) => text.replace(before, fixed), source),
);
console.error('[setup] patched kafkajs read_committed filtering (ops/patches/kafkajs-read-committed.js)');
