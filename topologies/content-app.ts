import type { ChannelStatsSample } from '../schemas/records/channel-stats';
import type { ChatSighting } from '../schemas/records/telegram-chat';
import { telegramChatSighting } from './content/telegram-chat';
import type { ContentRow } from './content-sinks';
import { type ContentSerdes, type ContentTopics, addContent } from './content-topology';
import { type ExternalSink, type Serde, Serdes, StreamsBuilder, type Topology } from './engine';
import type { AudienceWindow, ChannelActivityWindow } from '../schemas/activity-records';
import { addAudience } from './audience';
import { addChannelActivity } from './channel-activity';
import { addGroupActivity, type GroupActivitySinks } from './group-activity';

export interface ContentAppTopics extends ContentTopics {
  readonly channelStats: string;
}

export interface ContentAppSerdes extends ContentSerdes {
  readonly channelStats: Serde<ChannelStatsSample>;
}

export interface ContentAppSinks {
  /** Where Telegram chats are recorded (PostgreSQL). */
  readonly chats: ExternalSink<string, ChatSighting>;
  /** The content tables (ClickHouse). */
  readonly content: ExternalSink<string, ContentRow>;
  /** The channel-activity windows (ClickHouse `channel_metrics`). */
  readonly activity: ExternalSink<string, ChannelActivityWindow>;
  /** The audience windows (ClickHouse `channel_audience`). */
  readonly audience: ExternalSink<string, AudienceWindow>;
  /** The group-activity rows (ClickHouse `group_member_activity`, `group_activity`). */
  readonly groupActivity: GroupActivitySinks;
}

/**
 * The content app's sinks by name, as the processors hold them (and as their metrics and spans
 * name them): stream threads write through them by these names (`StreamsConfig.appSinks`).
 */
export const CONTENT_APP_SINKS = {
  chats: 'telegram-chats',
  content: 'clickhouse-content',
  activity: 'clickhouse-channel-activity',
  audience: 'clickhouse-audience',
  members: 'clickhouse-group-members',
  replies: 'clickhouse-group-member-replies',
  groups: 'clickhouse-group-activity',
} as const;

export type ContentAppSinkName = (typeof CONTENT_APP_SINKS)[keyof typeof CONTENT_APP_SINKS];

/** The content app's sinks, each found by its name. */
export function contentAppSinks(
  sink: <K, V>(name: ContentAppSinkName) => ExternalSink<K, V>,
): ContentAppSinks {
  return {
    chats: sink(CONTENT_APP_SINKS.chats),
    content: sink(CONTENT_APP_SINKS.content),
    activity: sink(CONTENT_APP_SINKS.activity),
    audience: sink(CONTENT_APP_SINKS.audience),
    groupActivity: {
      members: sink(CONTENT_APP_SINKS.members),
      replies: sink(CONTENT_APP_SINKS.replies),
      groups: sink(CONTENT_APP_SINKS.groups),
    },
  };
}

/**
 * The processors' content app: the content topology (raw records → social.posts.v1 and
 * social.engagement.v1), the Telegram chats each update shows, the rows of the ClickHouse content
 * tables (posts, engagement, audience samples), the channel-activity and audience windows, and
 * group activity, each through a sink at commit, in the order they are added here.
 */
export function contentAppTopology(
  topics: ContentAppTopics,
  serdes: ContentAppSerdes,
  sinks: ContentAppSinks,
): Topology {
  const builder = new StreamsBuilder();
  const { telegramUpdates, facts } = addContent(builder, topics, serdes);
  // Added first, so written first at each commit: a chat's privacy is known before its content.
  telegramUpdates
    .flatMapValues(
      (update) => {
        const sighting = telegramChatSighting(update);
        return sighting ? [sighting] : [];
      },
      { name: 'chat-sightings' },
    )
    .toSink(sinks.chats, { name: 'telegram-chats' });
  const samples = builder.stream<string, ChannelStatsSample>(topics.channelStats, {
    keySerde: Serdes.string(),
    valueSerde: serdes.channelStats,
    timestampExtractor: (record) => record.value.observed_at,
  });
  addChannelActivity(builder, facts, sinks.activity);
  addAudience(builder, samples, sinks.audience);
  // Added after the windows, so written after them: the content sink tells the API replicas of
  // fresher data once per commit, when every table of the commit is stored.
  facts
    .mapValues((fact): ContentRow => fact, { name: 'content-rows' })
    .merge(
      samples.mapValues((sample): ContentRow => ({ sample }), { name: 'audience-samples' }),
      { name: 'rows' },
    )
    .toSink(sinks.content, { name: 'clickhouse-content' });
  addGroupActivity(builder, telegramUpdates, sinks.groupActivity);
  return builder.build();
}
