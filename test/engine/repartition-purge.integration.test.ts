import { ConfigResourceTypes } from 'kafkajs';
import { Serdes, StreamsApp, StreamsBuilder } from '../../topologies/engine';
import { eventually } from '../support/eventually';
import { readTopic } from '../support/topic-reader';
import { engineTopics, produceEvents, seededEvents, testKafka, waitForCommitted } from '../support/engine';

// Events a month old, as in a backfill: their repartition records keep those timestamps.
const START = Date.now() - 30 * 24 * 3_600_000;

describe('stream engine: repartition topics', () => {
  it('are kept by time and purged once committed, and old events all arrive', async () => {
    const kafka = testKafka();
    const { input, output, applicationId } = await engineTopics(kafka, 'purge', 2);
    const builder = new StreamsBuilder();
    builder
      .stream<string, { key: string; time: number }>(input, {
        keySerde: Serdes.string(),
        valueSerde: Serdes.json(),
        timestampExtractor: (record) => record.value.time,
      })
      .groupBy((_key, value) => value.key.slice(0, 5), { keySerde: Serdes.string() })
      .count({ name: 'by-prefix' })
      .toStream()
      .to(output, { keySerde: Serdes.string(), valueSerde: Serdes.int64() });
    const app = new StreamsApp(builder.build(), {
      applicationId,
      kafka: testKafka(),
      repartitionPurgeIntervalMs: 0,
    });
    const admin = kafka.admin();
    await app.start();
    await admin.connect();
    try {
      const events = seededEvents(3_000, 20, START, 60 * 60_000);
      await produceEvents(kafka, input, events);
      await waitForCommitted(kafka, applicationId, input);
      const repartition = (await admin.listTopics()).find(
        (t) => t.startsWith(applicationId) && t.endsWith('-repartition'),
      )!;
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: repartition }],
      });
      const retention = described.resources[0]!.configEntries.find((e) => e.configName === 'retention.ms');
      expect(retention?.configValue).toBe('-1');
      await waitForCommitted(kafka, applicationId, repartition);
      // Records the reading task committed are deleted (purges follow commits, so the last
      // commit's may still be pending).
      await eventually(
        () => admin.fetchTopicOffsets(repartition),
        (offsets) => offsets.some((p) => BigInt(p.low) > 0n),
      );
      const counts = new Map<string, bigint>();
      for (const record of await readTopic(output)) counts.set(record.key!, record.value!.readBigInt64BE(0));
      expect([...counts.values()].reduce((sum, n) => sum + n, 0n)).toBe(BigInt(events.length));
    } finally {
      await admin.disconnect();
      await app.stop();
    }
  });
});
