import { type ClickHouseClient, clickhouseTime } from '../../platform/clients/clickhouse';
import type { Metrics } from '../../platform/metrics';
import { insertRows, type SinkTarget } from './insert-rows';
import type { AudienceWindow, ChannelActivityWindow } from '../../schemas/activity-records';
import type { Versioned } from '../../schemas/versioned';

/**
 * Added to a window's version so that the rows the topologies write replace the rows of the old
 * minute recount, which carry their insert time (epoch ms, below 2^41 until 2039) as version.
 */
export const WINDOW_VERSION_BASE = 2n ** 42n;

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

  async writeActivity(windows: readonly Versioned<ChannelActivityWindow>[]): Promise<void> {
    await insertRows(
      this.target,
      'channel_metrics',
      windows.map(({ value, version }) => ({
        ...value,
        window_start: clickhouseTime(value.window_start).slice(0, 19),
        version: versionText(version),
      })),
    );
  }

  async writeAudience(windows: readonly Versioned<AudienceWindow>[]): Promise<void> {
    await insertRows(
      this.target,
      'channel_audience',
      windows.map(({ value, version }) => ({
        ...value,
        window_start: clickhouseTime(value.window_start).slice(0, 19),
        observed_at: clickhouseTime(value.observed_at),
        version: versionText(version),
      })),
    );
  }
}

/** UInt64 as text: JSON numbers lose precision past 2^53. */
function versionText(version: bigint): string {
  return String(WINDOW_VERSION_BASE + version);
}
