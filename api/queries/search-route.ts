import { z } from 'zod';
import type { PlanId } from '../../billing/plans';
import type { ClickHouseClient } from '../../platform/clients/clickhouse';
import { type ChannelRef, channelKey } from '../../schemas/channel-key';
import type { PostType } from '../../schemas/content-records';
import { type ApiRoute, route } from '../http/route';
import { channelList, parseChannelList } from './compare';
import { Post, limit, searchWords } from './content-schemas';
import { periodQuery, requireHistoryAllowed, resolvePeriod } from './period';
import { searchPosts } from './post-search';
import { MAX_TERMS, searchTerms } from './search-text';
import type { TrackedChannels } from './tracked-channels';

export interface SearchRoutesDeps {
  clickhouse: ClickHouseClient;
  database: string;
  channels: TrackedChannels;
}

/** Every post type the processors write: a Record, so the compiler names any PostType left out. */
const TYPE_NAMES: Record<PostType, true> = {
  channel_post: true,
  message: true,
  post: true,
  reply: true,
  quote: true,
  repost: true,
};
export const POST_TYPES = Object.keys(TYPE_NAMES) as [PostType, ...PostType[]];

const TYPE = `(?:${POST_TYPES.join('|')})`;
const postTypeList = z
  .string()
  .regex(new RegExp(`^${TYPE}(?:,${TYPE}){0,${POST_TYPES.length - 1}}$`), 'post types, comma-separated')
  .describe(`Only posts of these types, comma-separated: ${POST_TYPES.join(', ')}. Every type by default.`);

/** The rules of matching and ranking, as the document states them for both search routes. */
export const SEARCH_RULES =
  'Text and query are read alike: lowercased, Unicode NFKD with combining marks dropped (so `Café` ' +
  'matches `cafe` and `ё` matches `е`), split into words of letters and digits. Each query word ' +
  'loses one common Russian or English ending (a light stemmer: `каналами` looks for `канал`) and ' +
  'must start a word of the post: a post matches when it holds every query word. The most ' +
  'relevant come first (Okapi BM25 over the posts searched, k1 1.2, b 0.75: rarer words weigh ' +
  'more, repeats add less and less, longer posts weigh less), the newest first among equals. ' +
  '`highlights` are the matched words as offsets into `text` (start inclusive, end exclusive, in ' +
  `UTF-16 code units, as JavaScript indexes strings). The first ${MAX_TERMS} distinct words are ` +
  'looked for (`q` in the answer names them); a query without a letter or digit finds nothing.';

/** A post that matched, with its channel, its relevance, and where its matched words are. */
export const SearchHit = Post.extend({
  channel: z.string(),
  score: z.number().describe('Relevance (BM25): comparable within one answer only.'),
  highlights: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
}).meta({ id: 'SearchHit' });

const SearchAnswer = z
  .object({
    q: z.string().describe('The words looked for, as matched: normalized and stemmed, sorted.'),
    channels: z.array(z.string()).describe('The channels searched.'),
    post_types: z.array(z.enum(POST_TYPES)).describe('The post types searched; empty: every type.'),
    from: z.string(),
    to: z.string(),
    posts: z.array(SearchHit),
  })
  .meta({ id: 'SearchAnswer' });

/** Search across an organization's tracked channels: the channels named, or all it may read. */
export function searchRoutes(deps: SearchRoutesDeps): ApiRoute[] {
  /** The channels to search and the plan that bounds how far back: named ones are each checked. */
  const scope = async (organizationId: string, named?: string) => {
    if (named === undefined) return deps.channels.readable(organizationId, 'messages');
    const channels: ChannelRef[] = parseChannelList(named);
    const plans: PlanId[] = await Promise.all(
      channels.map((channel) => deps.channels.planIfTracked(organizationId, channel, 'messages')),
    );
    return { plan: plans[0]!, channels };
  };
  return [
    route({
      id: 'searchAllPosts',
      method: 'get',
      path: '/v1/search',
      summary: 'Posts of your tracked channels holding every word of `q`, the most relevant first',
      tag: 'posts',
      access: 'metrics:read',
      description:
        'Searches the channels named in `channels` (each must be tracked by your organization: 404 ' +
        'otherwise), or every tracked channel whose posts your organization may read, over a period ' +
        '(30 days by default, within your plan’s history). ' +
        SEARCH_RULES,
      query: z
        .object({
          ...periodQuery,
          q: searchWords,
          channels: channelList.optional(),
          post_type: postTypeList.optional(),
          limit: limit(20),
        })
        .strict(),
      response: SearchAnswer,
      handle: async ({ principal, query }) => {
        const period = resolvePeriod(query, 30);
        const terms = searchTerms(query.q);
        const { plan, channels } = await scope(principal.organizationId, query.channels);
        requireHistoryAllowed(plan, period.from);
        const postTypes = query.post_type ? [...new Set(query.post_type.split(','))].sort() : [];
        return {
          q: terms.join(' '),
          channels: channels.map(channelKey),
          post_types: postTypes as PostType[],
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          posts: await searchPosts(deps.clickhouse, deps.database, {
            channels,
            period,
            terms,
            postTypes,
            limit: query.limit,
          }),
        };
      },
    }),
  ];
}
