import {
  ACTIVITY_GRANULARITIES,
  type ActivityCounts,
  type ActivityGranularity,
  type ChannelActivityWindow,
  NO_ACTIVITY,
} from '../schemas/activity-records';
import { parseChannelKey } from '../schemas/channel-key';
import { addActivity } from './activity/activity-counts';
import { activityOfFacts, lastCountsStore } from './activity/activity-of-facts';
import type { Fact } from './content-topology';
import { type ExternalSink, type KStream, Serdes, type StreamsBuilder, TimeWindows } from './engine';

/** Length of each granularity's windows. */
export const WINDOW_SIZE_MS: Record<ActivityGranularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * How long after a window ends its counts may still change. X's recent search reaches 7 days
 * back, so a newly tracked account's history, or a poller that was down, brings posts up to 7
 * days old; Telegram keeps an undelivered webhook update for a day. A record later still goes to
 * the store's late-records topic with its reason, never silently away.
 */
export const ACTIVITY_GRACE_MS = 7 * 86_400_000;

/**
 * channel-activity: post events and engagement observations → per channel, tumbling minute, hour
 * and day windows of posts, edits and the net change of reactions, replies, forwards, views, likes
 * and reposts → the sink (ClickHouse `channel_metrics`), each window's latest counts at every
 * commit. The facts are keyed by channel and the counting keeps the key, so nothing is
 * repartitioned. Hours and days are engine windows rather than ClickHouse rollups of the minutes:
 * a window is rewritten (a higher version replaces it) each time it changes, and a rollup fed on
 * insert would add every version instead of replacing it.
 */
export function addChannelActivity(
  builder: StreamsBuilder,
  facts: KStream<string, Fact>,
  sink: ExternalSink<string, ChannelActivityWindow>,
): void {
  builder.addStateStore(lastCountsStore('engagement-last-counts'));
  const grouped = facts
    .processValues(activityOfFacts<string>('engagement-last-counts'), 'engagement-last-counts')
    .groupByKey({ valueSerde: Serdes.json<ActivityCounts>() });
  const windows = ACTIVITY_GRANULARITIES.map((granularity) =>
    grouped
      .windowedBy(TimeWindows.ofSizeWithGrace(WINDOW_SIZE_MS[granularity], ACTIVITY_GRACE_MS))
      .aggregate(
        () => NO_ACTIVITY,
        (_key, activity, total) => addActivity(total, activity),
        {
          name: `channel-activity-${granularity}`,
          valueSerde: Serdes.json<ActivityCounts>(),
          persistent: true,
        },
      )
      .toStream()
      .map(
        (windowed, counts) => {
          const { source, channelId } = parseChannelKey(windowed.key);
          const window: ChannelActivityWindow = {
            source,
            channel_id: channelId,
            granularity,
            window_start: windowed.window.start,
            ...counts,
          };
          return { key: windowed.key, value: window };
        },
        { name: `activity-${granularity}` },
      ),
  );
  windows.reduce((all, more) => all.merge(more)).toSink(sink, { name: 'clickhouse-channel-activity' });
}
