import { snowflakeAt } from '../../schemas/x-snowflake';
import type { XPost, XUser } from '../twitter/x-types';
import { seeded } from './seeded-random';
import { xPost, xRepost } from './x-post-shapes';

/**
 * A realistic, seeded sample of X traffic in API v2's shapes: three accounts and their posts over
 * the last two hours (originals, long posts, replies, quotes and reposts, with hashtags, mentions
 * and links),
 * each with `public_metrics` that grow with the post's age. Ids are snowflakes, so they sort by
 * time as X's do. Used by the replay (a fresh install shows X metrics at once) and by tests.
 */
export const SAMPLE_X_ACCOUNTS: readonly XUser[] = [
  {
    id: '1500000000000000101',
    username: 'streamlab',
    public_metrics: { followers_count: 48210, following_count: 312, tweet_count: 5120 },
  },
  {
    id: '1500000000000000102',
    username: 'clickhouse_tips',
    public_metrics: { followers_count: 12877, following_count: 95, tweet_count: 1408 },
  },
  {
    id: '1500000000000000103',
    username: 'data_eng_daily',
    public_metrics: { followers_count: 3150, following_count: 640, tweet_count: 9733 },
  },
];

const HASHTAGS = ['kafka', 'clickhouse', 'streaming', 'analytics', 'typescript', 'dataengineering'];
const SUBJECTS = [
  'exactly-once sinks',
  'windowed joins',
  'late data',
  'materialized views',
  'schema evolution',
];

/**
 * The whole text of a long sample post (past 280 characters, so X sends it in note_tweet): its
 * closing hashtag and mention come after the cut, so only note_tweet's entities hold them.
 */
function longText(subject: string, tag: string, thanked: string, link: string): string {
  return (
    `${subject} in practice, the long version #${tag}. We moved the pipeline from hourly batches ` +
    'to a stream: every record is written once, late events land in the window they belong to, ' +
    'and a replay after a crash rewrites the same rows instead of adding new ones. Three things ' +
    'mattered most: keys that keep a channel on one partition, versions taken from the data, and ' +
    `sinks flushed at commit. Thanks @${thanked} for the review #longread ${link}`
  );
}

/** One in this many originals is a long post. */
const LONG_EVERY = 5;

/**
 * `count` posts of the sample accounts created in the two hours before `nowMs`, oldest first, in
 * X API v2's shapes (x-post-shapes.ts): some originals longer than 280 characters (text cut short,
 * the whole in note_tweet), and quotes and reposts of earlier posts, whose originals X would send
 * in `includes.tweets` (the replay passes the sample itself as what is included).
 */
export function sampleXPosts(nowMs: number, count = 120, seed = 7): XPost[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const times = Array.from({ length: count }, () => nowMs - Math.floor(random() * 2 * 3600 * 1000)).sort(
    (a, b) => a - b,
  );
  const posts: XPost[] = [];
  times.forEach((ms, i) => {
    const author = pick(SAMPLE_X_ACCOUNTS);
    const tag = pick(HASHTAGS);
    const other = pick(SAMPLE_X_ACCOUNTS.filter((a) => a.id !== author.id));
    const id = snowflakeAt(ms, i);
    const roll = random();
    const picked = posts.length > 0 ? pick(posts) : undefined;
    const kind =
      !picked || roll < 0.6 ? 'original' : roll < 0.75 ? 'replied_to' : roll < 0.88 ? 'quoted' : 'retweeted';
    // Every other quote or repost is of the latest long post, so the sample holds both of a long one.
    const latestLong = [...posts].reverse().find((post) => post.note_tweet !== undefined);
    const earlier = kind !== 'replied_to' && i % 2 === 0 ? (latestLong ?? picked) : picked;
    const subject = kind === 'retweeted' ? '' : pick(SUBJECTS);
    const ageHours = (nowMs - ms) / 3_600_000;
    const followers = author.public_metrics!.followers_count!;
    const reach = Math.round(followers * (0.02 + random() * 0.05) * Math.min(1, 0.2 + ageHours));
    const fields = {
      id,
      author_id: author.id,
      created_at: new Date(ms).toISOString(),
      lang: 'en',
      conversation_id: kind === 'replied_to' ? earlier!.conversation_id! : id,
      public_metrics: {
        impression_count: reach,
        like_count: Math.round(reach * (0.01 + random() * 0.04)),
        retweet_count: Math.round(reach * random() * 0.006),
        reply_count: Math.round(reach * random() * 0.004),
        quote_count: Math.round(reach * random() * 0.001),
        bookmark_count: Math.round(reach * random() * 0.003),
      },
      link: `https://blog.example.com/${tag}/${id.slice(-8)}`,
      known: SAMPLE_X_ACCOUNTS,
    };
    if (kind === 'retweeted') {
      const by = SAMPLE_X_ACCOUNTS.find((a) => a.id === earlier!.author_id)!;
      posts.push(xRepost(earlier!, by.username!, fields));
      return;
    }
    const tco = `https://t.co/${id.slice(-8)}`;
    const long = kind === 'original' && i % LONG_EVERY === 0;
    const text = long
      ? longText(subject, tag, other.username!, tco)
      : `${subject} in practice: notes from this week #${tag} ${kind === 'replied_to' ? `@${other.username} ` : ''}${tco}`;
    posts.push(
      xPost({
        ...fields,
        text,
        ...(kind === 'original' ? {} : { referenced_tweets: [{ type: kind, id: earlier!.id }] }),
      }),
    );
  });
  return posts;
}
