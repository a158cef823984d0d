import type { Admin } from 'kafkajs';
import { createTopics, testKafka } from '../support/engine';
import { uniqueName } from '../support/isolation';
// The committer's partition counts are internal: the public surface only shows where records land.
// eslint-disable-next-line no-restricted-imports -- see above
import { PartitionCounts } from '../../topologies/engine/internals/runtime/committer';

describe('engine partition counts on the real broker', () => {
  const kafka = testKafka();
  const out = uniqueName('engine-counts-out-');
  const dlq = uniqueName('engine-counts-dlq-');

  beforeAll(() =>
    createTopics(kafka, [
      { topic: out, partitions: 6 },
      { topic: dlq, partitions: 1 },
    ]),
  );
  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [out, dlq] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('answers tasks committing side by side through one admin, one metadata request per topic', async () => {
    const admins: Admin[] = [];
    const calls = { connects: 0, metadata: 0, disconnects: 0 };
    const counted = Object.create(kafka) as typeof kafka;
    counted.admin = (config) => {
      const admin = kafka.admin(config);
      admins.push(admin);
      const { connect, fetchTopicMetadata, disconnect } = admin;
      admin.connect = () => ((calls.connects += 1), connect());
      admin.fetchTopicMetadata = (request) => ((calls.metadata += 1), fetchTopicMetadata(request));
      admin.disconnect = () => ((calls.disconnects += 1), disconnect());
      return admin;
    };
    const counts = new PartitionCounts(counted);
    try {
      expect(await Promise.all([counts.of(out), counts.of(dlq), counts.of(out)])).toEqual([6, 1, 6]);
      expect(await counts.of(out)).toBe(6);
      expect({ admins: admins.length, ...calls }).toEqual({
        admins: 1,
        connects: 1,
        metadata: 2,
        disconnects: 0,
      });
    } finally {
      await counts.close();
    }
    expect(calls.disconnects).toBe(1);
  });
});
