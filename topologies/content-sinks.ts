import type { ChannelStatsSample } from '../schemas/records/channel-stats';
import { toAppError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import type { ExternalSink, SinkRecord } from './engine';
import type { ContentBatch } from '../schemas/content-records';
import type { ChatSighting } from '../schemas/records/telegram-chat';
import type { ProcessorTables } from './sink-ports';
import type { AudienceWindow, ChannelActivityWindow } from '../schemas/activity-records';
import type { Fact } from './content-topology';

/** A row for ClickHouse: a post event, an engagement observation or an audience sample. */
export type ContentRow = Fact | { readonly sample: ChannelStatsSample };

/**
 * The content tables in ClickHouse (posts, engagement, audience samples), written at each commit. Every row is versioned by its data, so a replay
 * writes the same rows again. A failed write is retriable: the engine retries, then replays.
 */
export function clickhouseContentSink(
  sink: ProcessorTables['content'],
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
      const touched = await sink.write(batch).catch(clickhouseUnavailable);
      if (touched.size > 0) await onWindowsUpdated?.([...touched]);
    },
  };
}

/**
 * The windows of the channel-activity and audience topologies (ClickHouse `channel_metrics`,
 * `channel_audience`), written at each commit with the version the engine gives each record.
 * Written last in a commit, so the API replicas are told of fresher counts once they are stored.
 */
export function clickhouseWindowSinks(
  sink: ProcessorTables['windows'],
  onWindowsUpdated?: (channels: string[]) => Promise<void>,
): { activity: ExternalSink<string, ChannelActivityWindow>; audience: ExternalSink<string, AudienceWindow> } {
  const written = async (records: readonly SinkRecord<string, unknown>[]) => {
    if (records.length > 0) await onWindowsUpdated?.([...new Set(records.map((record) => record.key))]);
  };
  return {
    activity: {
      write: async (records) => {
        await sink.writeActivity(records).catch(clickhouseUnavailable);
        await written(records);
      },
    },
    audience: {
      write: async (records) => {
        await sink.writeAudience(records).catch(clickhouseUnavailable);
        await written(records);
      },
    },
  };
}

function clickhouseUnavailable(error: unknown): never {
  throw toAppError(error, 'CLICKHOUSE_UNAVAILABLE');
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
