import { type ActivityCounts, ENGAGEMENT_COUNTERS, NO_ACTIVITY } from '../../schemas/activity-records';
import type { EngagementObservation } from '../../schemas/content-records';
import type { Fact } from '../content-topology';
import {
  type KeyValueStore,
  type Processor,
  type ProcessorContext,
  Serdes,
  type StoreSpec,
  type StreamRecord,
} from '../engine';

type Counter = (typeof ENGAGEMENT_COUNTERS)[number];

/** The last counts seen of one post and origin; null where the origin gives no such count. */
type LastCounts = { observed_at: number } & Record<Counter, number | null>;

/**
 * The last engagement counts of every post and origin, so each observation (absolute counts)
 * becomes a change. Kept on disk: it has a row per post the channel ever had engagement on.
 */
export function lastCountsStore(name: string): StoreSpec<string, LastCounts> {
  return { name, type: 'key-value', keySerde: Serdes.string(), valueSerde: Serdes.json(), persistent: true };
}

/**
 * Turns facts into activity at the time it happened: a created post counts one post at its
 * publication, an edit one edit at its time, an engagement observation the change of each count
 * since the post's previous observation, at the observation's time. An observation older than
 * one already seen says nothing new (its counts are absolute) and is dropped; a count the origin
 * does not give (null) keeps its last value.
 */
export function activityOfFacts<K>(store: string): () => Processor<K, Fact, K, ActivityCounts> {
  return () => {
    let context: ProcessorContext<K, ActivityCounts>;
    let last: KeyValueStore<string, LastCounts>;
    const emit = (record: StreamRecord<K, Fact>, value: ActivityCounts, timestamp: number) =>
      context.forward({ key: record.key, value, timestamp, headers: record.headers });
    return {
      init(ctx) {
        context = ctx;
        last = ctx.getStateStore(store);
      },
      process(record) {
        const fact = record.value;
        if ('post' in fact) {
          const { event, event_time } = fact.post;
          if (event === 'created') emit(record, { ...NO_ACTIVITY, posts: 1 }, event_time);
          else if (event === 'edited') emit(record, { ...NO_ACTIVITY, edits: 1 }, event_time);
          return;
        }
        const observation = fact.engagement;
        const id = observationKey(observation);
        const before = last.get(id);
        if (before && before.observed_at >= observation.observed_at) return;
        const { change, counts } = compare(before, observation);
        last.put(id, counts);
        if (change) emit(record, change, observation.observed_at);
      },
    };
  };
}

function observationKey({ source, channel_id, post_id, origin }: EngagementObservation): string {
  return `${source}:${channel_id}:${post_id}:${origin}`;
}

function compare(
  before: LastCounts | undefined,
  observation: EngagementObservation,
): { change?: ActivityCounts; counts: LastCounts } {
  const counts = { observed_at: observation.observed_at } as LastCounts;
  const change: ActivityCounts = { ...NO_ACTIVITY };
  let changed = false;
  for (const counter of ENGAGEMENT_COUNTERS) {
    const now = observation[counter];
    const then = before?.[counter] ?? null;
    counts[counter] = now ?? then;
    if (now === null) continue;
    change[counter] = now - (then ?? 0);
    changed ||= change[counter] !== 0;
  }
  return changed ? { change, counts } : { counts };
}
