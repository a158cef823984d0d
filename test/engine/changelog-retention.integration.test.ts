import { ConfigResourceTypes } from 'kafkajs';
import { StreamsApp } from '../../topologies/engine';
import { readRawTopic } from '../support/topic-reader';
import { engineTopics, produceEvents, seededEvents, testKafka, waitForCommitted } from '../support/engine';
import { windowedCountTopology } from '../support/engine-topologies';

// Events a month old: a backfill or a replay. The broker measures `retention.ms` against each
// record's timestamp, which for a window store's changelog is event time.
const START = Date.now() - 30 * 24 * 3_600_000;
const GRACE_MS = 10_000;

async function topicConfig(topic: string): Promise<Map<string, string>> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    return new Map(described.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
  } finally {
    await admin.disconnect();
  }
}

describe('stream engine: window changelogs are trimmed by the time they were written, not event time', () => {
  it('keeps the changelog of windows over month-old events for a day past their retention', async () => {
    const started = Date.now();
    const kafka = testKafka();
    const { input, output, applicationId } = await engineTopics(kafka, 'retention', 1);
    const changelog = `${applicationId}-counts-changelog`;
    // As an earlier engine made it: trimmed a day past the window's retention.
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: changelog,
          numPartitions: 1,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact,delete' },
            { name: 'retention.ms', value: String(86_400_000 + 60_000 + GRACE_MS) },
          ],
        },
      ],
    });
    await admin.disconnect();

    const app = new StreamsApp(
      windowedCountTopology(input, output, { graceMs: GRACE_MS, storeName: 'counts' }),
      { applicationId, kafka: testKafka(), processingGuarantee: 'exactly_once' },
    );
    await app.start();
    try {
      // Ten minutes of old events, then one that moves stream time far past all of them.
      const events = seededEvents(2_000, 10, START, 10 * 60_000).sort((a, b) => a.time - b.time);
      await produceEvents(kafka, input, events);
      await produceEvents(kafka, input, [{ key: 'closing', time: START + 3_600_000 }]);
      await waitForCommitted(kafka, applicationId, input);
    } finally {
      await app.stop();
    }

    // The broker's retention counts from when the changelog was written, whatever the event time.
    const config = await topicConfig(changelog);
    expect(config.get('cleanup.policy')).toBe('compact,delete');
    expect(config.get('message.timestamp.type')).toBe('LogAppendTime');
    expect(Number(config.get('retention.ms'))).toBe(60_000 + GRACE_MS + 86_400_000);
    const records = await readRawTopic(changelog);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((record) => Number(record.timestamp) >= started - 60_000)).toBe(true);
  });
});
