import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import { type ChannelRef, channelKey } from '../../schemas/channel-key';
import { type MetricsRange, queryChannelMetrics } from './channel-metrics';
import type { MetricsCache } from './metrics-cache';

export interface MetricsAnswerDeps {
  clickhouse: ClickHouseClient;
  database: string;
  cache: MetricsCache;
}

/**
 * A channel's metrics over a range as `<etag>\n<json>`, from the Redis cache or ClickHouse:
 * cached serialized, so a hit is answered without parsing, serializing or hashing.
 */
export function metricsAnswer(
  deps: MetricsAnswerDeps,
  channel: ChannelRef,
  range: MetricsRange,
): Promise<string> {
  const key = channelKey(channel);
  return deps.cache.getOrCompute(
    key,
    `${range.granularity}:${range.from.toISOString()}:${range.to.toISOString()}`,
    async () => {
      const json = JSON.stringify({
        channel: key,
        source: channel.source,
        granularity: range.granularity,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        windows: await queryChannelMetrics(deps.clickhouse, deps.database, channel, range),
      });
      return `"${createHash('sha1').update(json).digest('base64url')}"\n${json}`;
    },
  );
}

/** The ETag and the JSON of an answer. */
export function splitAnswer(answer: string): { etag: string; json: string } {
  const cut = answer.indexOf('\n');
  return { etag: answer.slice(0, cut), json: answer.slice(cut + 1) };
}
