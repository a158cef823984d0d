// Prints, for every Kafka API the product uses, the versions kafkajs speaks, the versions the
// broker offers (ApiVersions) and the version kafkajs will pick. Used to write
// docs/kafka-compatibility.md:  node ops/kafka/api-versions.js [port]   (default 19092)
// It reads kafkajs internals on purpose: kafkajs has no public API for its protocol table.
const { createLogger, LEVELS } = require('kafkajs/src/loggers');
const apiKeys = require('kafkajs/src/protocol/requests/apiKeys');
const { requests } = require('kafkajs/src/protocol/requests');
(async () => {
  const port = Number(process.argv[2] ?? 19092);
  const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => {} });
  const b = new (require('kafkajs/src/broker'))({
    connectionPool: new (require('kafkajs/src/network/connectionPool'))({
      host: '127.0.0.1',
      port,
      logger,
      clientId: 'av',
      socketFactory: require('kafkajs/src/network/socketFactory')(),
      connectionTimeout: 3000,
      requestTimeout: 10000,
      enforceRequestTimeout: true,
      maxInFlightRequests: null,
      retry: {},
    }),
    logger,
  });
  await b.connect();
  const used = [
    'Produce',
    'Fetch',
    'ListOffsets',
    'Metadata',
    'OffsetCommit',
    'OffsetFetch',
    'GroupCoordinator',
    'JoinGroup',
    'Heartbeat',
    'LeaveGroup',
    'SyncGroup',
    'DescribeGroups',
    'ListGroups',
    'ApiVersions',
    'CreateTopics',
    'DeleteTopics',
    'InitProducerId',
    'AddPartitionsToTxn',
    'AddOffsetsToTxn',
    'EndTxn',
    'TxnOffsetCommit',
    'DescribeConfigs',
    'AlterConfigs',
    'CreatePartitions',
    'DeleteGroups',
  ];
  console.log('| API (key) | kafkajs speaks | broker offers | negotiated |');
  console.log('| --- | --- | --- | --- |');
  for (const name of used) {
    const key = apiKeys[name];
    const broker = b.versions[key];
    const clientVersions = (requests[name]?.versions ?? []).map(Number);
    const chosen = broker
      ? Math.max(...clientVersions.filter((v) => v >= broker.minVersion && v <= broker.maxVersion))
      : 'n/a';
    console.log(
      `| ${name} (${key}) | ${clientVersions.length ? Math.min(...clientVersions) + '–' + Math.max(...clientVersions) : '?'} | ${broker ? broker.minVersion + '–' + broker.maxVersion : 'not offered'} | ${chosen} |`,
    );
  }
  await b.disconnect();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
