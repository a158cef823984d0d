import type { AudienceWindow, ChannelActivityWindow } from '../schemas/activity-records';
import type { ContentBatch } from '../schemas/content-records';
import type {
  GroupMemberDay,
  GroupMemberRepliesDay,
  GroupWindowActivity,
} from '../schemas/group-activity-records';
import type { ChatSighting } from '../schemas/records/telegram-chat';
import type { Versioned } from '../schemas/versioned';

/**
 * What the processors write outside Kafka, as they need it: the ports their sinks call at each
 * commit. The composition root hands in the implementations (ClickHouse and PostgreSQL, in
 * `connectors/`), so the topologies depend on contracts only. Every write is idempotent.
 */
export interface ProcessorTables {
  /** Posts, engagement observations, audience samples; answers the channels a batch touched. */
  readonly content: { write(batch: ContentBatch): Promise<Set<string>> };
  /** The channel-activity and audience windows, each a whole state under its version. */
  readonly windows: {
    writeActivity(windows: readonly Versioned<ChannelActivityWindow>[]): Promise<void>;
    writeAudience(windows: readonly Versioned<AudienceWindow>[]): Promise<void>;
  };
  /** The group-activity windows (members and their replies received per day, groups per day and week). */
  readonly groups: {
    writeMembers(rows: readonly Versioned<GroupMemberDay>[]): Promise<void>;
    writeReplies(rows: readonly Versioned<GroupMemberRepliesDay>[]): Promise<void>;
    writeGroups(rows: readonly Versioned<GroupWindowActivity>[]): Promise<void>;
  };
  /** The Telegram chats the bot has seen; answers the chats a connect code connected. */
  readonly chats: {
    record(sightings: ChatSighting[]): Promise<{ chatId: string; organizationId: string }[]>;
  };
}
