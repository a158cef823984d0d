import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import { type ChannelRef, channelKey } from '../../schemas/channel-key';
import { SerializedJson } from '../http/route';
import type { MetricsRange } from './channel-metrics';
import { withAnomalies } from './anomalies';
import type { MetricsCache } from './metrics-cache';
import type { ChannelMetricsReader } from './metrics-reader';

export interface CachedAnswerDeps {
  clickhouse: ClickHouseClient;
  database: string;
  cache: MetricsCache;
  /** Post counts per window, batched when many ask at once. */
  metrics: ChannelMetricsReader;
}

/**
 * An answer about one channel as `<etag>\n<json>`, from the Redis cache or from `compute`: cached
 * serialized, so a hit is answered without parsing, serializing or hashing. `query` names the
 * question (route and parameters); every answer about a channel goes stale when fresh data about
 * it lands.
 */
export function cachedAnswer(
  deps: CachedAnswerDeps,
  channel: ChannelRef,
  query: string,
  compute: () => Promise<object>,
): Promise<Buffer> {
  return deps.cache.getOrCompute(channelKey(channel), query, async () => {
    const json = JSON.stringify(await compute());
    return `"${createHash('sha1').update(json).digest('base64url')}"\n${json}`;
  });
}

/** A channel's post counts per window over a range (the metrics route's and the live stream's answer). */
export function metricsAnswer(
  deps: CachedAnswerDeps,
  channel: ChannelRef,
  range: MetricsRange,
): Promise<Buffer> {
  const query = `${range.granularity}:${range.from.toISOString()}:${range.to.toISOString()}`;
  return cachedAnswer(deps, channel, query, async () => ({
    channel: channelKey(channel),
    source: channel.source,
    granularity: range.granularity,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    // Posts far outside the channel's own preceding windows are flagged (anomalies.ts).
    windows: withAnomalies(await deps.metrics.read(channel, range), 'posts', (window) => window.posts),
  }));
}

/** The ETag and the JSON of an answer. */
export function splitAnswer(answer: Buffer): { etag: string; json: Buffer } {
  const cut = answer.indexOf(10); // '\n'
  return { etag: answer.toString('latin1', 0, cut), json: answer.subarray(cut + 1) };
}

/**
 * Sends a cached answer with its ETag, or 304 when the client has it already: clients revalidate
 * cheaply, since an answer changes only when fresh data about its channel lands.
 */
export function sendAnswer(req: Request, res: Response, answer: Buffer): SerializedJson | undefined {
  const { etag, json } = splitAnswer(answer);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, max-age=15');
  if (req.header('if-none-match') === etag) {
    res.status(304).end();
    return undefined;
  }
  return new SerializedJson(json);
}
