import { type ClickHouseClient, clickhouseSeconds, clickhouseTime } from '../../platform/clients/clickhouse';
import type { Metrics } from '../../platform/metrics';
import { insertLatest, type SinkTarget, type VersionedTable } from './insert-rows';
import type { AudienceWindow, ChannelActivityWindow } from '../../schemas/activity-records';
import type { Versioned } from '../../schemas/versioned';

/**
 * Added to a window's version so that the rows the topologies write replace the rows of the old
 * minute recount, which carry their insert time (epoch ms, below 2^41 until 2039) as version.
 */
const WINDOW_VERSION_BASE = 2n ** 42n;

const ACTIVITY: VersionedTable<ChannelActivityWindow> = {
  table: 'channel_metrics',
  keyOf: (w) => `${w.source}/${w.channel_id}/${w.granularity}/${w.window_start}`,
  toRow: (w) => ({ ...w, window_start: clickhouseSeconds(w.window_start) }),
  versionBase: WINDOW_VERSION_BASE,
};

const AUDIENCE: VersionedTable<AudienceWindow> = {
  table: 'channel_audience',
  keyOf: (w) => `${w.source}/${w.channel_id}/${w.metric}/${w.granularity}/${w.window_start}`,
  toRow: (w) => ({
    ...w,
    window_start: clickhouseSeconds(w.window_start),
    observed_at: clickhouseTime(w.observed_at),
  }),
  versionBase: WINDOW_VERSION_BASE,
};

/**
 * Writes the windows of the channel-activity and audience topologies into ClickHouse. Each row
 * is a window's whole state with a version that grows as the window changes, and the tables keep
 * the highest version per window (ReplacingMergeTree): a replay after a crash writes the same
 * rows again and nothing is counted twice.
 */
export class WindowSink {
  private readonly target: SinkTarget;

  constructor(client: ClickHouseClient, database: string, metrics: Metrics) {
    this.target = { client, database, metrics };
  }

  writeActivity(windows: readonly Versioned<ChannelActivityWindow>[]): Promise<void> {
    return insertLatest(this.target, ACTIVITY, windows);
  }

  writeAudience(windows: readonly Versioned<AudienceWindow>[]): Promise<void> {
    return insertLatest(this.target, AUDIENCE, windows);
  }
}
