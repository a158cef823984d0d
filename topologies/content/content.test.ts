import type { TweetRecord } from '../../schemas/records/tweet';
import { telegramContent } from './telegram-content';
import { telegramUpdate } from '../../schemas/records/telegram-update.fixture';
import { textFeatures } from './text-features';
import { twitterContent } from './twitter-content';
import { snowflakeAt } from '../../schemas/x-snowflake';
import { type Schema, Type } from 'avsc';
import { toTweetRecord } from '../../connectors/twitter/tweet-record';
import {
  LONG_LINK,
  LONG_TEXT,
  includedLongPost,
  longPost,
  quoteOfLongPost,
  repostOfLongPost,
} from '../../connectors/twitter/long-post.fixture';
import { valueSchemaText } from '../../schemas/serde/avro-serde';
import { TOPICS } from '../../schemas/topics';

const update = (type: string, body: object, eventTime?: number) => telegramUpdate(type, body, eventTime);

describe('text features', () => {
  it('finds hashtags, mentions and links in plain text the way the sources do', () => {
    expect(
      textFeatures('Launch #Rust and #rust2 with @Alice_1, see https://ex.com/a?b=1. #2024 a#b me@host'),
    ).toEqual({
      length: 82,
      hashtags: ['rust', 'rust2'],
      mentions: ['alice_1'],
      links: ['https://ex.com/a?b=1'],
    });
  });

  it('counts code points, not UTF-16 units, and reads marked spans instead of patterns', () => {
    const features = textFeatures('🚀 #x', [{ kind: 'hashtag', value: '#Déjà' }]);
    expect(features).toEqual({ length: 4, hashtags: ['déjà'], mentions: [], links: [] });
  });
});

describe('Telegram updates as post events and engagement', () => {
  const text = '🚀 New #Release by @dev: https://t.me/x';
  const entities = [
    { type: 'hashtag', offset: 7, length: 8 },
    { type: 'mention', offset: 19, length: 4 },
    { type: 'url', offset: 25, length: 14 },
    { type: 'text_link', offset: 0, length: 2, url: 'https://docs.example.com/' },
  ];

  it('reads a channel post with its entities (UTF-16 offsets), author and forward origin', () => {
    const { posts, engagement } = telegramContent(
      update('channel_post', {
        message_id: 42,
        date: 1_767_261_600,
        chat: { id: -1001, type: 'channel' },
        sender_chat: { id: -1001 },
        text,
        entities,
        forward_origin: { type: 'channel', chat: { id: -1002 }, message_id: 7 },
      }),
    );
    expect(engagement).toEqual([]);
    expect(posts).toEqual([
      expect.objectContaining({
        source: 'telegram',
        channel_id: '-1001',
        post_id: '42',
        event: 'created',
        event_time: 1_767_261_600_000,
        posted_at: 1_767_261_600_000,
        post_type: 'channel_post',
        author_id: '-1001',
        hashtags: ['release'],
        mentions: ['dev'],
        links: ['https://t.me/x', 'https://docs.example.com/'],
        forwarded_from: 'telegram:-1002',
        observed_at: 1_767_261_600_500,
      }),
    ]);
  });

  it('places an edit at its edit time, keeps the publication time, and reads captions', () => {
    const [post] = telegramContent(
      update('edited_message', {
        message_id: 42,
        date: 1_767_261_600,
        edit_date: 1_767_261_900,
        chat: { id: -1001, type: 'supergroup' },
        from: { id: 5 },
        caption: 'photo #Cats',
        reply_to_message: { message_id: 40 },
      }),
    ).posts;
    expect(post).toMatchObject({
      event: 'edited',
      event_time: 1_767_261_900_000,
      posted_at: 1_767_261_600_000,
      post_type: 'message',
      author_id: '5',
      text: 'photo #Cats',
      hashtags: ['cats'],
      reply_to_post_id: '40',
    });
  });

  it('turns reaction totals into an absolute observation, with no views (bots see none)', () => {
    const { posts, engagement } = telegramContent(
      update('message_reaction_count', {
        chat: { id: -1001 },
        message_id: 42,
        date: 1_767_261_700,
        reactions: [
          { type: { type: 'emoji', emoji: '👍' }, total_count: 5 },
          { type: { type: 'custom_emoji', custom_emoji_id: '99' }, total_count: 2 },
          { type: { type: 'paid' }, total_count: 1 },
        ],
      }),
    );
    expect(posts).toEqual([]);
    expect(engagement).toEqual([
      expect.objectContaining({
        origin: 'telegram_reaction_count',
        reactions: 8,
        reaction_breakdown: { '👍': 5, 'custom:99': 2, paid: 1 },
        views: null,
        likes: null,
      }),
    ]);
  });

  it('takes the sender chat as author over the placeholder bot, and skips service messages', () => {
    const anonymous = telegramContent(
      update('message', {
        message_id: 42,
        date: 1_767_261_600,
        chat: { id: -1001, type: 'supergroup' },
        from: { id: 1087968824, is_bot: true, first_name: 'Group' },
        sender_chat: { id: -1001, type: 'supergroup' },
        text: 'posted as the group',
      }),
    );
    expect(anonymous.posts[0]?.author_id).toBe('-1001');
    const pin = update('message', {
      message_id: 43,
      date: 1_767_261_600,
      chat: { id: -1001, type: 'supergroup' },
      from: { id: 5 },
      pinned_message: { message_id: 42, date: 1_767_261_600, chat: { id: -1001 } },
    });
    expect(telegramContent(pin)).toEqual({ posts: [], engagement: [] });
    const photo = update('channel_post', {
      message_id: 44,
      date: 1_767_261_600,
      chat: { id: -1001 },
      photo: [{}],
    });
    expect(telegramContent(photo).posts[0]).toMatchObject({ text: null, length: 0 });
  });

  it('says nothing of updates that carry no post or totals', () => {
    const facts = telegramContent(update('my_chat_member', { chat: { id: -1001 }, date: 1 }));
    expect(facts).toEqual({ posts: [], engagement: [] });
  });
});

describe('X posts as post events and engagement', () => {
  const tweet = (overrides: Partial<TweetRecord>): TweetRecord => ({
    tweet_id: '1900',
    author_id: '77',
    created_at: 1_767_261_600_000,
    text: 'Streams in practice #Kafka @confluent https://t.co/abc',
    lang: 'en',
    conversation_id: '1900',
    referenced_type: null,
    referenced_tweet_id: null,
    like_count: 10,
    retweet_count: 2,
    reply_count: 1,
    quote_count: 0,
    bookmark_count: null,
    impression_count: 500,
    observed_via: 'refresh',
    search_query: null,
    observed_at: 1_767_265_200_000,
    payload: '{}',
    ...overrides,
  });

  it('reads X entities (expanded links) and public metrics as one observation', () => {
    const payload = JSON.stringify({
      entities: {
        hashtags: [{ tag: 'Kafka' }],
        mentions: [{ username: 'Confluent' }],
        urls: [{ url: 'https://t.co/abc', expanded_url: 'https://kafka.apache.org/' }],
      },
    });
    const { posts, engagement } = twitterContent(tweet({ payload }));
    expect(posts[0]).toMatchObject({
      channel_id: '77',
      post_type: 'post',
      hashtags: ['kafka'],
      mentions: ['confluent'],
      links: ['https://kafka.apache.org/'],
    });
    expect(engagement).toEqual([
      expect.objectContaining({
        origin: 'x_public_metrics',
        observed_at: 1_767_265_200_000,
        likes: 10,
        reposts: 2,
        replies: 1,
        quotes: 0,
        views: 500,
        bookmarks: null,
        reactions: null,
        forwards: null,
      }),
    ]);
  });

  it('names replies, quotes and reposts, and falls back to the text without entities', () => {
    const reply = twitterContent(tweet({ referenced_type: 'replied_to', referenced_tweet_id: '1' }));
    expect(reply.posts[0]).toMatchObject({ post_type: 'reply', reply_to_post_id: '1', hashtags: ['kafka'] });
    const repost = twitterContent(tweet({ referenced_type: 'retweeted' }));
    expect(repost.posts[0]?.post_type).toBe('repost');
    expect(repost.engagement).toEqual([]); // X mirrors the original's metrics on a repost
    expect(twitterContent(tweet({ referenced_type: 'quoted' })).posts[0]?.post_type).toBe('quote');
  });

  const seen = { via: 'timeline' as const, observedAt: new Date('2026-11-25T12:00:00Z') };

  it("reads a 600-character post's hashtags, mentions and links past character 280 from note_tweet", () => {
    const { posts } = twitterContent(toTweetRecord(longPost, JSON.stringify(longPost), seen));
    expect(posts[0]).toMatchObject({
      text: LONG_TEXT,
      length: 600,
      hashtags: ['kafka', 'exactlyonce'],
      mentions: ['clickhouse_tips'],
      links: [LONG_LINK],
    });
  });

  it("gives a repost its original's whole text and features, and names whose post it is", () => {
    const record = toTweetRecord(repostOfLongPost, JSON.stringify(repostOfLongPost), seen, includedLongPost);
    const { posts, engagement } = twitterContent(record);
    expect(posts[0]).toMatchObject({
      post_type: 'repost',
      text: `RT @streamlab: ${LONG_TEXT}`,
      hashtags: ['kafka', 'exactlyonce'],
      mentions: ['streamlab', 'clickhouse_tips'],
      links: [LONG_LINK],
      forwarded_from: `twitter:${longPost.author_id}`,
    });
    expect(engagement).toEqual([]);
    // A quote is its author's own words: its features are its own, the original rides in the record.
    const quote = toTweetRecord(quoteOfLongPost, JSON.stringify(quoteOfLongPost), seen, includedLongPost);
    expect(twitterContent(quote).posts[0]).toMatchObject({
      post_type: 'quote',
      text: 'Worth reading twice #streaming',
      hashtags: ['streaming'],
      forwarded_from: null,
    });
  });

  it('reads a record written before the referenced_* fields existed, as before', () => {
    const current = JSON.parse(valueSchemaText(TOPICS.twitterTweets)) as { fields: { name: string }[] };
    const added = ['referenced_author_id', 'referenced_text', 'referenced_payload'];
    const previous = Type.forSchema({
      ...current,
      fields: current.fields.filter((field) => !added.includes(field.name)),
    } as Schema);
    const old = tweet({ referenced_type: 'retweeted', referenced_tweet_id: '1' });
    const bytes = previous.toBuffer(old);
    // The engine decodes with the writer's schema: the new fields are simply absent.
    const decoded = previous.fromBuffer(bytes) as TweetRecord;
    expect(twitterContent(decoded).posts[0]).toMatchObject({
      post_type: 'repost',
      text: old.text,
      hashtags: ['kafka'],
      forwarded_from: null,
    });
    // A reader on today's schema gets the defaults (BACKWARD compatible: new fields default to null).
    const reader = Type.forSchema(current as Schema);
    expect(reader.fromBuffer(bytes, reader.createResolver(previous))).toMatchObject({
      referenced_author_id: null,
      referenced_text: null,
      referenced_payload: null,
    });
  });

  it('stores a later version of an edited post as an edit of the first, placed at its publication', () => {
    const first = snowflakeAt(Date.parse('2026-01-01T10:00:00Z'));
    const edited = snowflakeAt(Date.parse('2026-01-01T10:20:00Z'));
    const payload = JSON.stringify({ edit_history_tweet_ids: [first, edited] });
    const { posts, engagement } = twitterContent(
      tweet({ tweet_id: edited, created_at: Date.parse('2026-01-01T10:20:00Z'), payload }),
    );
    expect(posts[0]).toMatchObject({
      post_id: first,
      event: 'edited',
      event_time: Date.parse('2026-01-01T10:20:00Z'),
      posted_at: Date.parse('2026-01-01T10:00:00Z'),
    });
    expect(engagement[0]?.post_id).toBe(first);
    // The first version itself, and a post never edited, are posts of their own.
    const firstSeen = twitterContent(
      tweet({ tweet_id: first, payload: JSON.stringify({ edit_history_tweet_ids: [first] }) }),
    );
    expect(firstSeen.posts[0]).toMatchObject({ post_id: first, event: 'created' });
    // The first version read again after the edit: its row loses to the edit's (older version), and its metrics are not the post's.
    const superseded = twitterContent(tweet({ tweet_id: first, payload }));
    expect(superseded.posts[0]).toMatchObject({ post_id: first, event: 'created' });
    expect(superseded.engagement).toEqual([]);
  });
});
