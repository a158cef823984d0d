import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { type ChannelRef, channelKey, parseChannelKey } from '../../schemas/channel-key';
import { type ApiRoute, route } from '../http/route';
import { type CachedAnswerDeps, cachedAnswer, sendAnswer, splitAnswer } from './cached-answer';
import { Post } from './content-schemas';
import { channelKeyText, fromTrackedChannel } from './metrics-request';
import { requireHistoryAllowed } from './period';
import { type RawPayloadArchive, storedPost } from './raw-post-queries';
import type { TrackedChannels } from './tracked-channels';

export interface RawPostRouteDeps extends CachedAnswerDeps {
  channels: TrackedChannels;
  /** The lake's raw archive, for payloads older than ClickHouse keeps them. */
  lake: RawPayloadArchive;
}

const PostWithPayload = Post.extend({
  channel: z.string(),
  payload: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe(
      'The original message: the Telegram update’s message object, or the X post as the API sent it. ' +
        'Null when neither ClickHouse nor the lake holds it (posts stored before raw records were kept, ' +
        'or older than the lake keeps raw data).',
    ),
  payload_from: z
    .enum(['clickhouse', 'lake'])
    .nullable()
    .describe('Where the payload was read: ClickHouse while recent, the lake’s raw archive after that.'),
}).meta({ id: 'PostWithPayload' });
type PostWithPayload = z.infer<typeof PostWithPayload>;

/**
 * GET /v1/channels/:channel/posts/:post_id: one post of a tracked channel with its original
 * payload, from ClickHouse while recent and from the lake's raw archive after that (docs/lake.md).
 * Scoped and gated as the other post routes: the channel's messages must be readable by the
 * caller's organization, and its plan's history must reach back to the post's publication. The
 * answer is cached per channel like the others, so a lake read is paid once until fresh data
 * about the channel lands. Mounted after the other post routes: `top` and `search` are theirs.
 */
export function rawPostRoute(deps: RawPostRouteDeps): ApiRoute {
  return route({
    id: 'getPost',
    method: 'get',
    path: '/v1/channels/:channel/posts/:post_id',
    summary: 'One post with its original payload (the Telegram message or the X post as received)',
    tag: 'posts',
    access: 'metrics:read',
    params: z
      .object({
        channel: channelKeyText,
        post_id: z.string().regex(/^[1-9][0-9]{0,18}$/, 'a post id: a Telegram message id or an X post id'),
      })
      .strict(),
    parametersFrom: fromTrackedChannel,
    response: PostWithPayload,
    description:
      'A post that does not exist answers 404 `POST_NOT_FOUND`; a lake that cannot be read answers ' +
      '503 `LAKE_UNAVAILABLE`. The plan’s history must reach back to `posted_at` (402 otherwise).',
    handle: async ({ principal, params, req, res }) => {
      const channel = parseChannelKey(params.channel);
      const plan = await deps.channels.planIfTracked(principal.organizationId, channel, 'messages');
      const answer = await cachedAnswer(deps, channel, `post:${params.post_id}`, () =>
        postWithPayload(deps, channel, params.post_id),
      );
      const { posted_at: postedAt } = JSON.parse(
        splitAnswer(answer).json.toString('utf8'),
      ) as PostWithPayload;
      requireHistoryAllowed(plan, new Date(postedAt));
      return sendAnswer(req, res, answer);
    },
  });
}

/** The post with its payload: ClickHouse's while it keeps it, else the lake's; POST_NOT_FOUND if none. */
async function postWithPayload(
  deps: RawPostRouteDeps,
  channel: ChannelRef,
  postId: string,
): Promise<PostWithPayload> {
  const stored = await storedPost(deps.clickhouse, deps.database, channel, postId);
  if (!stored) throw new AppError('POST_NOT_FOUND', `${channelKey(channel)} has no post ${postId}`);
  let payload = stored.payload;
  let from: PostWithPayload['payload_from'] = payload === null ? null : 'clickhouse';
  if (payload === null && stored.raw) {
    payload = await deps.lake.payloadOf(stored.raw);
    from = payload === null ? null : 'lake';
  }
  return {
    channel: channelKey(channel),
    ...stored.post,
    payload: payload === null ? null : (JSON.parse(payload) as Record<string, unknown>),
    payload_from: from,
  };
}
