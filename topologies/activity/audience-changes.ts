import type { ChannelStatsSample } from '../../schemas/records/channel-stats';
import { type KeyValueStore, type Processor, type ProcessorContext, Serdes, type StoreSpec } from '../engine';

/** A sample with the change since the channel's previous sample of the same metric. */
export interface AudienceChange extends ChannelStatsSample {
  change: number;
}

type LastSample = Pick<ChannelStatsSample, 'count' | 'observed_at'>;

/** The last sample of each channel and metric: one small row per channel. */
export function lastAudienceStore(name: string): StoreSpec<string, LastSample> {
  return { name, type: 'key-value', keySerde: Serdes.string(), valueSerde: Serdes.json() };
}

/**
 * Adds to each sample its change since the previous one, at the sample's time. The first sample
 * of a channel changes nothing (growth before tracking is unknown); a sample no newer than the
 * last one seen (a redelivery, or one that arrived out of order) is dropped.
 */
export function audienceChanges<K>(store: string): () => Processor<K, ChannelStatsSample, K, AudienceChange> {
  return () => {
    let context: ProcessorContext<K, AudienceChange>;
    let last: KeyValueStore<string, LastSample>;
    return {
      init(ctx) {
        context = ctx;
        last = ctx.getStateStore(store);
      },
      process(record) {
        const sample = record.value;
        const id = `${sample.source}:${sample.channel_id}:${sample.metric}`;
        const before = last.get(id);
        if (before && before.observed_at >= sample.observed_at) return;
        last.put(id, { count: sample.count, observed_at: sample.observed_at });
        const change = before ? sample.count - before.count : 0;
        context.forward({ ...record, value: { ...sample, change }, timestamp: sample.observed_at });
      },
    };
  };
}
