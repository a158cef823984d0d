import express, { type Router } from 'express';
import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import { AppError } from '../../platform/errors';
import { channelKey, parseChannelKey } from '../../schemas/channel-key';
import { metricsQuerySchema, queryChannelMetrics, resolveRange } from './channel-metrics';
import type { MetricsCache } from './metrics-cache';

export interface QueriesDeps {
  clickhouse: ClickHouseClient;
  database: string;
  cache: MetricsCache;
}

/** `GET /v1/channels/:channel/metrics?from&to&granularity`. Authentication arrives with the API issue. */
export function queriesRouter(deps: QueriesDeps): Router {
  const router = express.Router();
  router.get('/v1/channels/:channel/metrics', async (req, res) => {
    const channel = parseChannelKey(req.params.channel);
    const parsed = metricsQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'invalid query parameters', {
        details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      });
    }
    const range = resolveRange(parsed.data);
    const cacheKey = `${range.granularity}:${range.from.toISOString()}:${range.to.toISOString()}`;
    const key = channelKey(channel);
    const windows = await deps.cache.getOrCompute(key, cacheKey, () =>
      queryChannelMetrics(deps.clickhouse, deps.database, channel, range),
    );
    res.json({
      channel: key,
      source: channel.source,
      granularity: range.granularity,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      windows,
    });
  });
  return router;
}
