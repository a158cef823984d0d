import { z } from 'zod';
import { parseChannelKey } from '../../schemas/channel-key';
import { PLANS } from '../billing/plans';
import { type ApiRoute, route } from '../http/route';
import { GRANULARITIES, resolveRange } from './channel-metrics';
import type { LiveUpdates } from './live-updates';
import { type CachedAnswerDeps, metricsAnswer, splitAnswer } from './cached-answer';
import { channelParams, requireRangeAllowed } from './metrics-request';
import type { TrackedChannels } from './tracked-channels';

export interface LiveRouteDeps extends CachedAnswerDeps {
  channels: TrackedChannels;
  live: LiveUpdates;
}

/** A comment line now and then keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/channels/:channel/live`: Server-Sent Events. A `windows` event at once with the
 * channel's recent windows (the last day, at the finest granularity the plan allows unless asked),
 * then another each time fresher windows land, announced by whichever replica's processors sank
 * them. The stream lives until the client leaves.
 */
export function liveRoute(deps: LiveRouteDeps): ApiRoute {
  return route({
    id: 'streamChannelMetrics',
    method: 'get',
    path: '/v1/channels/:channel/live',
    summary: 'Server-Sent Events: the last day of windows now, and again whenever fresher windows land',
    tag: 'metrics',
    access: 'metrics:read',
    params: channelParams,
    query: z.object({ granularity: z.enum(GRANULARITIES).optional() }).strict(),
    produces: 'text/event-stream',
    handle: async ({ principal, params, query, res }) => {
      const channel = parseChannelKey(params.channel);
      const plan = await deps.channels.planIfTracked(principal.organizationId, channel);
      const granularity = query.granularity ?? PLANS[plan].granularities[0]!;
      const rangeNow = () => resolveRange({ granularity });
      requireRangeAllowed(plan, rangeNow());
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let sending = Promise.resolve();
      const send = () => {
        sending = sending
          .then(async () => {
            const { etag, json } = splitAnswer(await metricsAnswer(deps, channel, rangeNow()));
            res.write(`event: windows\nid: ${etag.replaceAll('"', '')}\ndata: ${json}\n\n`);
          })
          .catch(() => void res.write(': update failed; the next one retries\n\n'));
      };
      send();
      const stop = await deps.live.listen(`${channel.source}:${channel.channelId}`, send, () => res.end());
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref(); // the open connection, not this timer, is what keeps a server busy
      // The response's 'close' is the connection's end (the request's fires once its body is read).
      const end = () => {
        clearInterval(heartbeat);
        stop();
      };
      if (res.destroyed) end();
      else res.on('close', end);
      return undefined;
    },
  });
}
