import { type ClickHouseClient, clickhouseTime, queryRows } from '../../platform/clients/clickhouse';
import { type ChannelRef, channelKey } from '../../schemas/channel-key';
import type { Period } from './period';
import { POST_COLUMNS, POST_SETTINGS, type PostAnswer, latestEngagement, postFromRow } from './post-queries';
import { type Highlight, MARK_PATTERN, WORD_PATTERN, highlights } from './search-text';

/** A post that matched a search: its channel, how relevant it is, and where its matched words are. */
export interface SearchHit extends PostAnswer {
  channel: string;
  score: number;
  highlights: Highlight[];
}

export interface SearchQuestion {
  channels: ChannelRef[];
  period: Period;
  /** Normalized, stemmed terms (search-text.ts `searchTerms`): each must start a word of a post. */
  terms: string[];
  /** Only posts of these types; every type when empty. */
  postTypes: string[];
  limit: number;
}

/** BM25's usual constants: how fast repeats of a term stop adding, and how much length counts. */
const K1 = 1.2;
const B = 0.75;

/** The rows of the channels searched (posts and engagement alike). */
const OF_THE_CHANNELS = `source IN {sources:Array(String)} AND channel_id IN {ids:Array(String)}
    AND has({channels:Array(String)}, concat(source, ':', channel_id))`;

/**
 * Each post in scope as words, read as search-text.ts reads text, with how often each term starts
 * one of its words (`tfs`); over the whole scope (window functions over every post, matching or
 * not): how many posts there are, their mean length in words, and how many hold each term.
 */
const SCOPE = (database: string) => `
  SELECT source, channel_id, post_id, posted_at, edited_at, post_type, text, hashtags, mentions, links,
         extractAll(replaceRegexpAll(normalizeUTF8NFKD(lowerUTF8(text)), {marks:String}, ''), {word:String})
           AS words,
         arrayMap(term -> arrayCount(w -> startsWith(w, term), words), {terms:Array(String)}) AS tfs,
         count() OVER () AS docs,
         avg(length(words)) OVER () AS mean_words,
         sumForEach(arrayMap(tf -> toUInt64(tf > 0), tfs)) OVER () AS dfs
  FROM ${database}.posts FINAL
  WHERE ${OF_THE_CHANNELS}
    AND posted_at >= {from:DateTime64(3, 'UTC')} AND posted_at < {to:DateTime64(3, 'UTC')}
    AND (empty({types:Array(String)}) OR has({types:Array(String)}, post_type))`;

/** Okapi BM25 of a post over the terms: rarer terms weigh more, repeats add less and less, long posts less. */
const BM25 = `arraySum(arrayMap((tf, df) ->
    log(1 + (docs - df + 0.5) / (df + 0.5)) * tf * ${K1 + 1}
      / (tf + ${K1} * (${1 - B} + ${B} * length(words) / mean_words)),
    tfs, dfs))`;

/**
 * The posts of the channels in the period whose words start with every term, the most relevant
 * first (BM25 over the posts in scope, the newest first among equals), with their latest engagement
 * and their matched words. Every post in scope is read: the document frequencies need them all.
 */
export async function searchPosts(
  client: ClickHouseClient,
  database: string,
  question: SearchQuestion,
): Promise<SearchHit[]> {
  const { channels, period, terms } = question;
  // No terms would match every post (arrayAll of nothing holds): nothing is looked for, nothing found.
  if (channels.length === 0 || terms.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(client, {
    query: `
      SELECT p.source AS source, p.channel_id AS channel_id, ${POST_COLUMNS}, round(p.score, 4) AS score
      FROM (
        SELECT *, ${BM25} AS score FROM (${SCOPE(database)})
        WHERE arrayAll(tf -> tf > 0, tfs)
        ORDER BY score DESC, posted_at DESC, source, channel_id, post_id
        LIMIT {limit:UInt32}
      ) AS p
      LEFT JOIN (${latestEngagement(database, OF_THE_CHANNELS, 'source, channel_id, post_id')}) AS e
        ON e.source = p.source AND e.channel_id = p.channel_id AND e.post_id = p.post_id
      ORDER BY p.score DESC, p.posted_at DESC, p.source, p.channel_id, p.post_id`,
    query_params: {
      marks: MARK_PATTERN,
      word: WORD_PATTERN,
      terms,
      sources: [...new Set(channels.map((channel) => channel.source))],
      ids: [...new Set(channels.map((channel) => channel.channelId))],
      channels: channels.map(channelKey),
      from: clickhouseTime(period.from),
      to: clickhouseTime(period.to),
      types: question.postTypes,
      limit: question.limit,
    },
    clickhouse_settings: POST_SETTINGS,
  });
  return rows.map((row) => {
    const post = postFromRow(row);
    return {
      channel: `${String(row.source)}:${String(row.channel_id)}`,
      ...post,
      score: Number(row.score),
      highlights: highlights(post.text, terms),
    };
  });
}
