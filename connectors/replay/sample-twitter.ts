import { snowflakeAt } from '../../schemas/x-snowflake';
import type { XPost, XUser } from '../twitter/x-types';
import { seeded } from './seeded-random';

/**
 * A realistic, seeded sample of X traffic in API v2's shapes: three accounts and their posts over
 * the last two hours (originals, replies, quotes and reposts, with hashtags, mentions and links),
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

/** `count` posts of the sample accounts created in the two hours before `nowMs`, oldest first. */
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
    const earlier = posts.length > 0 ? pick(posts) : undefined;
    const kind =
      !earlier || roll < 0.6 ? 'original' : roll < 0.75 ? 'replied_to' : roll < 0.88 ? 'quoted' : 'retweeted';
    const text =
      kind === 'retweeted'
        ? `RT @${other.username}: ${earlier!.text.slice(0, 100)}`
        : `${pick(SUBJECTS)} in practice: notes from this week #${tag} ${kind === 'replied_to' ? `@${other.username} ` : ''}https://t.co/${id.slice(-8)}`;
    const ageHours = (nowMs - ms) / 3_600_000;
    const followers = author.public_metrics!.followers_count!;
    const reach = Math.round(followers * (0.02 + random() * 0.05) * Math.min(1, 0.2 + ageHours));
    posts.push({
      id,
      text,
      author_id: author.id,
      created_at: new Date(ms).toISOString(),
      lang: 'en',
      conversation_id: kind === 'replied_to' ? earlier!.conversation_id! : id,
      ...(kind === 'original' ? {} : { referenced_tweets: [{ type: kind, id: earlier!.id }] }),
      public_metrics: {
        impression_count: reach,
        like_count: Math.round(reach * (0.01 + random() * 0.04)),
        retweet_count: Math.round(reach * random() * 0.006),
        reply_count: Math.round(reach * random() * 0.004),
        quote_count: Math.round(reach * random() * 0.001),
        bookmark_count: Math.round(reach * random() * 0.003),
      },
      entities: {
        hashtags: [{ start: text.indexOf(`#${tag}`), end: text.indexOf(`#${tag}`) + tag.length + 1, tag }],
        ...(kind === 'replied_to'
          ? {
              mentions: [
                {
                  start: text.indexOf('@'),
                  end: text.indexOf('@') + other.username!.length + 1,
                  username: other.username,
                  id: other.id,
                },
              ],
            }
          : {}),
        // X marks every link, shortened in the text, with the address it expands to.
        ...(kind === 'retweeted'
          ? {}
          : {
              urls: [
                {
                  start: text.indexOf('https://t.co/'),
                  end: text.length,
                  url: `https://t.co/${id.slice(-8)}`,
                  expanded_url: `https://blog.example.com/${tag}/${id.slice(-8)}`,
                  display_url: `blog.example.com/${tag}/${id.slice(-8)}`,
                },
              ],
            }),
      },
    });
  });
  return posts;
}
