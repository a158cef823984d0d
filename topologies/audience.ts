import type { ChannelStatsSample } from '../schemas/records/channel-stats';
import type { AudienceWindow } from '../schemas/activity-records';
import { audienceChanges, type AudienceChange, lastAudienceStore } from './activity/audience-changes';
import { ACTIVITY_GRACE_MS, WINDOW_SIZE_MS } from './channel-activity';
import { type ExternalSink, type KStream, Serdes, type StreamsBuilder, TimeWindows } from './engine';

/** Per metric, the window's last count and its change since the count before the window. */
type AudienceAggregate = Record<string, Omit<AudienceChange, 'metric'>>;

/**
 * audience: audience samples (`social.channel-stats.v1`: Telegram members, X followers) → per
 * channel and metric, hour and day windows of the last count and the change since the count
 * observed before the window → the sink (ClickHouse `channel_audience`). A sample older than one
 * already seen is dropped, so out-of-order samples never turn growth into a loss.
 */
export function addAudience(
  builder: StreamsBuilder,
  samples: KStream<string, ChannelStatsSample>,
  sink: ExternalSink<string, AudienceWindow>,
): void {
  builder.addStateStore(lastAudienceStore('audience-last-counts'));
  const grouped = samples
    .processValues(audienceChanges<string>('audience-last-counts'), 'audience-last-counts')
    .groupByKey({ valueSerde: Serdes.json<AudienceChange>() });
  const windows = (['hour', 'day'] as const).map((granularity) =>
    grouped
      .windowedBy(TimeWindows.ofSizeWithGrace(WINDOW_SIZE_MS[granularity], ACTIVITY_GRACE_MS))
      .aggregate<AudienceAggregate>(
        () => ({}),
        (_key, { metric, ...sample }, aggregate) => ({
          ...aggregate,
          [metric]: { ...sample, change: (aggregate[metric]?.change ?? 0) + sample.change },
        }),
        { name: `audience-${granularity}`, valueSerde: Serdes.json<AudienceAggregate>() },
      )
      .toStream()
      .flatMap(
        (windowed, aggregate) =>
          Object.entries(aggregate).map(([metric, last]) => ({
            key: windowed.key,
            value: {
              source: last.source,
              channel_id: last.channel_id,
              metric: metric as AudienceWindow['metric'],
              granularity,
              window_start: windowed.window.start,
              count: last.count,
              change: last.change,
              observed_at: last.observed_at,
            },
          })),
        { name: `audience-${granularity}-windows` },
      ),
  );
  windows.reduce((all, more) => all.merge(more)).toSink(sink, { name: 'clickhouse-audience' });
}
