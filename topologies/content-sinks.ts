import type { ContentBatch, ContentSink } from '../connectors/clickhouse/content-sink';
import type { ChannelStatsSample } from '../connectors/kafka/channel-stats';
import type { ChatSighting, TelegramChatDirectory } from '../connectors/telegram/chat-directory';
import { toAppError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import type { ExternalSink } from './engine';
import type { Fact } from './content-topology';

/** A row for ClickHouse: a post event, an engagement observation or an audience sample. */
export type ContentRow = Fact | { readonly sample: ChannelStatsSample };

/**
 * The content tables in ClickHouse (posts, engagement, audience samples, the minute post counts
 * the sink derives), written at each commit. Every row is versioned by its data, so a replay
 * writes the same rows again. A failed write is retriable: the engine retries, then replays.
 */
export function clickhouseContentSink(
  sink: ContentSink,
  onWindowsUpdated?: (channels: string[]) => Promise<void>,
): ExternalSink<string, ContentRow> {
  return {
    write: async (records) => {
      const batch: ContentBatch = { posts: [], engagement: [], samples: [] };
      for (const { value } of records) {
        if ('post' in value) batch.posts.push(value.post);
        else if ('engagement' in value) batch.engagement.push(value.engagement);
        else batch.samples.push(value.sample);
      }
      const touched = await sink.write(batch).catch((error: unknown) => {
        throw toAppError(error, 'CLICKHOUSE_UNAVAILABLE');
      });
      if (touched.size > 0) await onWindowsUpdated?.([...touched.keys()]);
    },
  };
}

/**
 * Where the Telegram chats are recorded (public or not, connected by whom), before their content
 * is written in the same commit, so the API never serves a chat's content before it knows whether
 * the chat is private.
 */
export function telegramChatSink(
  chats: TelegramChatDirectory,
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
