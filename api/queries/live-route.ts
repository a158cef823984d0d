import type { Request } from 'express';
import { z } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode, toAppError } from '../../platform/errors';
import { type ChannelRef, parseChannelKey } from '../../schemas/channel-key';
import { can } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { PLANS, type PlanId } from '../../billing/plans';
import { type ApiRoute, route } from '../http/route';
import { type Granularity, GRANULARITIES, resolveRange } from './channel-metrics';
import type { LiveSlots } from './live-slots';
import type { LiveUpdates } from './live-updates';
import { type AnsweredWindow, anomalyEventSchema, newAnomalies } from './anomaly-events';
import { type CachedAnswerDeps, metricsAnswer, splitAnswer } from './cached-answer';
import { allowedRange, channelParams, fromTrackedChannel } from './metrics-request';
import type { TrackedChannels } from './tracked-channels';

export interface LiveRouteDeps extends CachedAnswerDeps {
  channels: TrackedChannels;
  live: LiveUpdates;
  /** The caller, read again from the request's credentials: how a stream re-checks its access. */
  authenticate: (req: Request) => Promise<Principal>;
  /** Open streams per caller and per organization. */
  slots: LiveSlots;
  /** The longest a stream lives; then the server ends it and the client reconnects. */
  maxStreamMs: number;
}

const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** A comment line now and then keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** How long a stream trusts its last access check: events within it cost no check. */
const ACCESS_TRUSTED_MS = 2_000;
/** What the client waits before reconnecting (SSE `retry:`), after a lifetime's end or a lost connection. */
const RECONNECT_MS = 2_000;

/**
 * `GET /v1/channels/:channel/live`: Server-Sent Events. A `windows` event at once with the
 * channel's recent windows (the last day, at the finest granularity the plan allows unless asked),
 * then another each time fresher windows land, announced by whichever replica's processors sank
 * them; after it, an `anomaly` event for each flagged window this stream has not announced yet
 * (a reconnected stream announces again: the stream, not the caller, remembers). Access is
 * checked again before events (trusted for 2 s): once the credentials end (a revoked key, an
 * ended session, an expired token), the role may no longer read metrics, the channel is
 * untracked or the plan no longer allows the granularity, the stream gets an `end` event with the
 * error and closes. Each caller and organization may hold only so many streams
 * open (429 beyond), and a stream ends after its maximum lifetime; `retry:` tells the client when
 * to reconnect.
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
    parametersFrom: fromTrackedChannel,
    query: z.object({ granularity: z.enum(GRANULARITIES).optional() }).strict(),
    produces: 'text/event-stream',
    events: {
      windows: {
        description: 'The recent windows, at once and whenever fresher ones land; `id` is their ETag.',
        data: 'ChannelMetrics',
        id: true,
      },
      anomaly: {
        description:
          'A window of the `windows` event just sent is flagged (its `anomaly`) and this stream had not ' +
          'announced it: sent once per window and stream, after that `windows` event. A reconnected ' +
          'stream announces the flagged windows it holds again.',
        data: anomalyEventSchema,
      },
      end: {
        description:
          'Access ended (credentials, role, tracking or plan): the last event before the stream closes.',
        data: z.object({ code: z.enum(ERROR_CODE_NAMES), message: z.string() }).strict(),
      },
    },
    otherResponses: { 429: 'Too many open streams for this caller or organization' },
    handle: async ({ principal, params, query, req, res }) => {
      const channel = parseChannelKey(params.channel);
      const plan = await deps.channels.planIfTracked(principal.organizationId, channel);
      const granularity = query.granularity ?? PLANS[plan].granularities[0]!;
      const rangeNow = (current: PlanId) => allowedRange(current, resolveRange({ granularity }));
      rangeNow(plan);
      const caller = principal.kind === 'user' ? `user:${principal.userId}` : `key:${principal.keyId}`;
      const slot = await deps.slots.acquire(caller, principal.organizationId);
      const access = accessCheck(deps, req, principal, channel, granularity, plan);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${RECONNECT_MS}\n\n`);
      let ended = false;
      let stop = () => undefined as void;
      const timers: NodeJS.Timeout[] = [];
      const end = (last?: string) => {
        if (ended) return;
        ended = true;
        for (const timer of timers) clearTimeout(timer);
        stop();
        slot.release();
        if (!res.destroyed) res.end(last);
      };
      const endForAccess = (error: unknown) => {
        const { code, message } = toAppError(error);
        end(`event: end\ndata: ${JSON.stringify({ code, message })}\n\n`);
      };
      let sending = Promise.resolve();
      /** The flagged windows this stream has announced (`newAnomalies`). */
      let announced = new Set<string>();
      const send = () => {
        sending = sending.then(async () => {
          if (ended) return;
          let current: PlanId;
          try {
            current = await access();
          } catch (error) {
            return endForAccess(error);
          }
          try {
            const { etag, json } = splitAnswer(await metricsAnswer(deps, channel, rangeNow(current)));
            if (ended) return;
            res.write(`event: windows\nid: ${etag.replaceAll('"', '')}\ndata: ${json}\n\n`);
            // Parsed only when something is flagged: most answers flag nothing.
            if (!json.includes('"anomaly"')) return;
            const { windows } = JSON.parse(json.toString('utf8')) as { windows: AnsweredWindow[] };
            const fresh = newAnomalies(windows, announced);
            announced = fresh.announced;
            for (const event of fresh.events) res.write(`event: anomaly\ndata: ${JSON.stringify(event)}\n\n`);
          } catch {
            if (!ended) res.write(': update failed; the next one retries\n\n');
          }
        });
      };
      send();
      try {
        stop = await deps.live.listen(`${channel.source}:${channel.channelId}`, send, () => end());
      } catch (error) {
        slot.release();
        throw error;
      }
      const heartbeat = setInterval(() => {
        res.write(': keep-alive\n\n');
        slot.renew();
        access().catch(endForAccess); // access also ends while no window lands
      }, HEARTBEAT_MS);
      // Up to a tenth earlier, so streams opened together do not all reconnect together.
      const lifetime = setTimeout(
        () => end(': lifetime over; reconnect\n\n'),
        deps.maxStreamMs * (0.9 + Math.random() * 0.1),
      );
      // The open connection, not these timers, is what keeps a server busy.
      for (const timer of [heartbeat, lifetime]) timers.push(timer.unref());
      // The response's 'close' is the connection's end (the request's fires once its body is read).
      if (res.destroyed) end();
      else res.on('close', () => end());
      return undefined;
    },
  });
}

/**
 * A stream's access, checked again when last checked over ACCESS_TRUSTED_MS ago: the request's
 * credentials still authenticate the same organization with a role that may read metrics, the
 * organization still tracks the channel (itself trusted 5 s by `TrackedChannels`) and its plan
 * still allows the granularity. Resolves with the plan; rejects with the reason access ended.
 */
function accessCheck(
  deps: LiveRouteDeps,
  req: Request,
  opened: Principal,
  channel: ChannelRef,
  granularity: Granularity,
  plan: PlanId,
): () => Promise<PlanId> {
  let checkedAt = Date.now();
  let current = plan;
  return async () => {
    if (Date.now() - checkedAt < ACCESS_TRUSTED_MS) return current;
    const principal = await deps.authenticate(req);
    if (principal.organizationId !== opened.organizationId || !can(principal.role, 'metrics:read')) {
      throw new AppError('FORBIDDEN', 'this caller may no longer read metrics of this organization');
    }
    current = await deps.channels.planIfTracked(principal.organizationId, channel);
    allowedRange(current, resolveRange({ granularity }));
    checkedAt = Date.now();
    return current;
  };
}
