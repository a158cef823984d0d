import type { ChannelStatsSample } from '../schemas/records/channel-stats';
import { toAppError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import type { ExternalSink, RecordMetadata } from './engine';
import type { ContentBatch, StoredPost } from '../schemas/content-records';
import type { ChatSighting } from '../schemas/records/telegram-chat';
import type { ProcessorTables } from './sink-ports';
import type { AudienceWindow, ChannelActivityWindow } from '../schemas/activity-records';
import type { Fact } from './content-topology';
import type { GroupActivitySinks } from './group-activity';

/** A row for ClickHouse: a post event, an engagement observation or an audience sample. */
export type ContentRow = Fact | { readonly sample: ChannelStatsSample };

/**
 * The content tables in ClickHouse (posts, engagement, audience samples), written at each commit.
 * Every row is versioned by its data, so a replay writes the same rows again. The content app
 * writes it after the channel-activity and audience windows of the same commit, and every window
 * comes from a fact or sample of that commit, so the channels it touched are all that changed:
 * the API replicas are told once, with everything stored.
 */
export function clickhouseContentSink(
  sink: ProcessorTables['content'],
  onWindowsUpdated?: (channels: string[]) => Promise<void>,
): ExternalSink<string, ContentRow> {
  return clickhouse(async (records) => {
    const batch: ContentBatch = { posts: [], engagement: [], samples: [] };
    for (const { value, source } of records) {
      if ('post' in value) batch.posts.push(storedPost(value, source));
      else if ('engagement' in value) batch.engagement.push(value.engagement);
      else batch.samples.push(value.sample);
    }
    const touched = await sink.write(batch);
    if (touched.size > 0) await onWindowsUpdated?.([...touched]);
  });
}

/** The post, with where its raw record was read when the fact carries its payload. */
function storedPost(fact: Extract<Fact, { post: unknown }>, source: RecordMetadata | undefined): StoredPost {
  if (!fact.raw || !source) return fact.post;
  const { topic, partition, offset } = source;
  return { ...fact.post, raw: { topic, partition, offset, ...fact.raw } };
}

/**
 * The windows of the channel-activity and audience topologies (ClickHouse `channel_metrics`,
 * `channel_audience`), written at each commit with the version the engine gives each record.
 */
export function clickhouseWindowSinks(sink: ProcessorTables['windows']): {
  activity: ExternalSink<string, ChannelActivityWindow>;
  audience: ExternalSink<string, AudienceWindow>;
} {
  return {
    activity: clickhouse((records) => sink.writeActivity(records)),
    audience: clickhouse((records) => sink.writeAudience(records)),
  };
}

/**
 * The group-activity tables in ClickHouse, written at each commit of the task that emitted the
 * rows, each row under the engine's version, so a replay writes the same rows again and the newest
 * state of each window wins.
 */
export function clickhouseGroupActivitySinks(sink: ProcessorTables['groups']): GroupActivitySinks {
  return {
    members: clickhouse((records) => sink.writeMembers(records)),
    replies: clickhouse((records) => sink.writeReplies(records)),
    groups: clickhouse((records) => sink.writeGroups(records)),
  };
}

/**
 * A sink into ClickHouse: a failed write is CLICKHOUSE_UNAVAILABLE (retriable unless the error
 * says otherwise), so the engine retries, then replays the task from its committed offsets.
 */
function clickhouse<V>(write: ExternalSink<string, V>['write']): ExternalSink<string, V> {
  return {
    write: (records, context) =>
      write(records, context).catch((error: unknown) => {
        throw toAppError(error, 'CLICKHOUSE_UNAVAILABLE');
      }),
  };
}

/**
 * Where the Telegram chats are recorded (public or not, connected by whom), before their content
 * is written in the same commit, so the API never serves a chat's content before it knows whether
 * the chat is private.
 */
export function telegramChatSink(
  chats: ProcessorTables['chats'],
  logger: Logger,
): ExternalSink<string, ChatSighting> {
  return {
    write: async (records) => {
      const connected = await chats.record(records.map((r) => r.value)).catch((error: unknown) => {
        throw toAppError(error, 'STORAGE_UNAVAILABLE');
      });
      for (const connection of connected)
        logger.info(connection, 'Telegram chat connected to an organization');
    },
  };
}
