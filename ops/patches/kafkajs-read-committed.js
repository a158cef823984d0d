// kafkajs 2.2.4 (its last release) leaks aborted records to read_committed consumers: when a fetch
// starts after two or more aborted transactions began, it switches on only one of them per
// message, so the first record of the others gets through. The Java client switches on every
// aborted transaction that began at or before the record. The stream engine's exactly-once (its
// restores and repartition topics) depends on this, so the one-word fix is applied at install:
//   node ops/patches/kafkajs-read-committed.js      (idempotent; fails loudly if kafkajs changed)
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..', 'node_modules', 'kafkajs');
const file = join(root, 'src', 'consumer', 'filterAbortedMessages.js');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const buggy = '    if (\n      remainingAbortedTransactions.length &&';
const fixed = '    while (\n      remainingAbortedTransactions.length &&';
const source = readFileSync(file, 'utf8');

if (source.includes(fixed)) process.exit(0);
if (version !== '2.2.4' || !source.includes(buggy)) {
  console.error(
    `[setup] kafkajs ${version}: filterAbortedMessages.js is not the known 2.2.4 source; review ops/patches/kafkajs-read-committed.js`,
  );
  process.exit(1);
}
writeFileSync(file, source.replace(buggy, fixed));
console.error('[setup] patched kafkajs read_committed filtering (ops/patches/kafkajs-read-committed.js)');
