import { Serdes, StreamsApp, StreamsBuilder } from '../../topologies/engine';
import { eventually } from '../support/eventually';
import { readTopic } from '../support/topic-reader';
import {
  type KeyedEvent,
  engineTopics,
  produceEvents,
  seededEvents,
  testKafka,
  waitForCommitted,
} from '../support/engine';

const START = Date.now() - 3_600_000;
const WINDOW_MS = 60_000;

/** A post as `produceEvents` writes it: keyed by post id, with its event time. */
interface Post {
  readonly key: string;
  readonly time: number;
}

/** The channel a post id belongs to, and its group: the channel and the minute of the post. */
const channelOf = (id: string) => `channel-${Number(id.split('-')[1]) % 3}`;
const groupOf = (id: string, time: number) => `${channelOf(id)}@${time - (time % WINDOW_MS)}`;

/** Distinct posts per group, from each post's latest event; every group ever seen starts at 0. */
function expectedCounts(events: readonly KeyedEvent[], deleted: ReadonlySet<string>): Map<string, number> {
  const latest = new Map<string, number>();
  for (const e of events) latest.set(e.key, e.time);
  const counts = new Map(events.map((e) => [groupOf(e.key, e.time), 0]));
  for (const [id, time] of latest) {
    if (deleted.has(id)) continue;
    counts.set(groupOf(id, time), counts.get(groupOf(id, time))! + 1);
  }
  return counts;
}

/** The latest count per group in the output topic. */
async function latestCounts(topic: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const record of await readTopic(topic))
    counts.set(record.key!, Number(record.value!.readBigInt64BE(0)));
  return counts;
}

function equal(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  return a.size === b.size && [...a].every(([key, n]) => b.get(key) === n);
}

describe('stream engine: a regrouped table counted under exactly_once', () => {
  it('counts each post once in its latest group: updates move it, repeats do not count twice, deletions subtract', async () => {
    const kafka = testKafka();
    const { input, output, applicationId } = await engineTopics(kafka, 'grouped-table', 2);
    const builder = new StreamsBuilder();
    builder
      .table<string, Post>(input, { keySerde: Serdes.string(), valueSerde: Serdes.json() })
      .groupBy((id, post) => ({ key: groupOf(id, post.time), value: id }), {
        name: 'by-channel-minute',
        keySerde: Serdes.string(),
        valueSerde: Serdes.string(),
      })
      .count({ name: 'distinct-posts' })
      .toStream()
      .to(output, { keySerde: Serdes.string(), valueSerde: Serdes.int64() });
    const app = new StreamsApp(builder.build(), {
      applicationId,
      kafka: testKafka(),
      processingGuarantee: 'exactly_once',
    });
    await app.start();
    try {
      // 60 post ids seen 1,500 times over ten minutes: most are repeated, many change minute.
      const events = seededEvents(1_500, 60, START, 10 * 60_000);
      await produceEvents(kafka, input, events);
      const deleted = new Set(['key-1', 'key-2', 'key-3']);
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: input,
        acks: -1,
        messages: [...deleted].map((key) => ({ key, value: null })),
      });
      await producer.disconnect();
      await waitForCommitted(kafka, applicationId, input);
      const expected = expectedCounts(events, deleted);
      // The repartition topic is transactional: its end offsets count commit markers, which no
      // consumer commits past, so the output is what tells when the counts are final.
      const counts = await eventually(
        () => latestCounts(output),
        (latest) => equal(latest, expected),
        60_000,
      ).catch(() => latestCounts(output));
      expect(counts).toEqual(expected);
      expect([...counts.values()].reduce((sum, n) => sum + n, 0)).toBe(60 - deleted.size);
    } finally {
      await app.stop();
    }
  });
});
