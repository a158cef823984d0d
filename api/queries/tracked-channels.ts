import type { Pool } from 'pg';
import { inTransaction } from '../../platform/clients/postgres';
import { AppError } from '../../platform/errors';
import { type ChannelRef, channelKey } from '../../schemas/channel-key';
import { PLANS, type PlanId, requirePlan } from '../../billing/plans';
import { LRUCache } from 'lru-cache';
import { type KnownChat, type ReadScope, mayReadChat } from './chat-access';

export interface TrackedChannel {
  channel: string;
  source: 'telegram' | 'twitter';
  channel_id: string;
  title: string | null;
  added_at: string;
}

/** A tracked channel's access facts: the organization's plan, and the Telegram chat as the bot knows it. */
interface Access {
  plan: PlanId;
  chat: KnownChat | null;
}

const NOT_CONNECTED =
  'connect this Telegram chat first: post a code from POST /v1/telegram/connect-codes in it';

/** The chat of each tracked channel `t` as the bot knows it: the columns `knownChat` reads. */
const CHAT_COLUMNS = 'c.chat_type, c.username, c.connected_by, c.chat_id IS NOT NULL AS seen';
const CHAT_JOIN = "LEFT JOIN telegram_chats c ON t.source = 'telegram' AND c.chat_id = t.channel_id";

/** A row with CHAT_COLUMNS: the chat's columns, null when the bot has not seen it. */
type ChatRow = Partial<KnownChat> & { seen: boolean };

/**
 * The channels and accounts an organization tracks: what the connectors poll and the only
 * channels whose metrics its members may read. Every statement is scoped by organization, and a
 * private Telegram chat is only its connecting organization's (chat-access.ts).
 */
export class TrackedChannels {
  /** Recent "this organization tracks this channel, on this plan" answers, for metric reads. */
  private readonly access = new LRUCache<string, Access>({ max: 50_000, ttl: 5_000 });

  constructor(private readonly postgres: Pool) {}

  async list(organizationId: string): Promise<TrackedChannel[]> {
    const { rows } = await this.postgres.query<Omit<TrackedChannel, 'channel'>>(
      `SELECT source, channel_id, title, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS added_at
         FROM tracked_channels WHERE organization_id = $1 ORDER BY created_at, source, channel_id`,
      [organizationId],
    );
    return rows.map((row) => ({
      channel: channelKey({ source: row.source, channelId: row.channel_id }),
      ...row,
    }));
  }

  /** Tracks a channel within the plan's limit (counted under a lock, so two adds cannot both slip in). */
  async add(organizationId: string, channel: ChannelRef, title: string | null): Promise<TrackedChannel> {
    return inTransaction(this.postgres, async (client) => {
      const { rows } = await client.query<{ plan: PlanId }>(
        'SELECT plan FROM organizations WHERE id = $1 FOR UPDATE',
        [organizationId],
      );
      const plan = rows[0]!.plan;
      if (channel.source === 'telegram') {
        const chat = await client.query<KnownChat>(
          'SELECT chat_type, username, connected_by FROM telegram_chats WHERE chat_id = $1',
          [channel.channelId],
        );
        if (!mayReadChat(organizationId, chat.rows[0] ?? null, 'aggregates')) {
          throw new AppError('CHAT_NOT_CONNECTED', NOT_CONNECTED);
        }
      }
      const count = Number(
        (
          await client.query<{ n: string }>(
            // Not counting this channel: tracking it again is a conflict (409), not a plan limit.
            `SELECT count(*) AS n FROM tracked_channels
              WHERE organization_id = $1 AND NOT (source = $2 AND channel_id = $3)`,
            [organizationId, channel.source, channel.channelId],
          )
        ).rows[0]!.n,
      );
      requirePlan(
        plan,
        (limits) => limits.maxChannels === null || count < limits.maxChannels,
        `Tracking more than ${PLANS[plan].maxChannels} channels`,
      );
      const inserted = await client.query<{ added_at: string }>(
        `INSERT INTO tracked_channels (organization_id, source, channel_id, title) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS added_at`,
        [organizationId, channel.source, channel.channelId, title],
      );
      if (inserted.rowCount === 0) throw new AppError('CONFLICT', 'this channel is tracked already');
      return {
        channel: channelKey(channel),
        source: channel.source,
        channel_id: channel.channelId,
        title,
        added_at: inserted.rows[0]!.added_at,
      };
    });
  }

  async remove(organizationId: string, channel: ChannelRef): Promise<boolean> {
    this.access.delete(`${organizationId}|${channelKey(channel)}`);
    const { rowCount } = await this.postgres.query(
      'DELETE FROM tracked_channels WHERE organization_id = $1 AND source = $2 AND channel_id = $3',
      [organizationId, channel.source, channel.channelId],
    );
    return rowCount === 1;
  }

  /**
   * The organization's plan when it tracks the channel and may read it at `scope`: the check of
   * every read of a channel. NOT_FOUND when it does not track it, CHAT_NOT_CONNECTED when the
   * channel is a Telegram chat it may not see (private and connected by another organization or
   * none, or a group's messages). In one query, and trusted for 5 s (an untracked channel, a
   * changed plan or a new connection shows through another replica within that), so a burst of
   * reads asks PostgreSQL once.
   */
  async planIfTracked(
    organizationId: string,
    channel: ChannelRef,
    scope: ReadScope = 'aggregates',
  ): Promise<PlanId> {
    const key = `${organizationId}|${channelKey(channel)}`;
    let access = this.access.get(key);
    if (!access) {
      access = await this.lookUp(organizationId, channel);
      // Set only when read, so a busy key still expires. A Telegram chat the bot has not seen is
      // asked again each time: its first content may land any moment, and may be private.
      if (channel.source !== 'telegram' || access.chat) this.access.set(key, access);
    }
    if (!mayReadChat(organizationId, access.chat, scope)) {
      throw new AppError('CHAT_NOT_CONNECTED', NOT_CONNECTED);
    }
    return access.plan;
  }

  private async lookUp(organizationId: string, channel: ChannelRef): Promise<Access> {
    const { rows } = await this.postgres.query<{ plan: PlanId } & ChatRow>(
      `SELECT o.plan, ${CHAT_COLUMNS}
         FROM organizations o JOIN tracked_channels t ON t.organization_id = o.id ${CHAT_JOIN}
        WHERE o.id = $1 AND t.source = $2 AND t.channel_id = $3`,
      [organizationId, channel.source, channel.channelId],
    );
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'your organization does not track this channel');
    return { plan: row.plan, chat: knownChat(row) };
  }

  /**
   * The organization's plan and every channel it tracks and may read at `scope` (a channel it may
   * not read is left out, not refused): what a question about all its channels covers. One query.
   */
  async readable(
    organizationId: string,
    scope: ReadScope,
  ): Promise<{ plan: PlanId; channels: ChannelRef[] }> {
    const { rows } = await this.postgres.query<
      { plan: PlanId; source: ChannelRef['source'] | null; channel_id: string | null } & ChatRow
    >(
      `SELECT o.plan, t.source, t.channel_id, ${CHAT_COLUMNS}
         FROM organizations o LEFT JOIN tracked_channels t ON t.organization_id = o.id ${CHAT_JOIN}
        WHERE o.id = $1 ORDER BY t.source, t.channel_id`,
      [organizationId],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND', 'no such organization');
    const channels = rows
      .filter((row) => row.source !== null && row.channel_id !== null)
      .filter((row) => mayReadChat(organizationId, knownChat(row), scope))
      .map((row) => ({ source: row.source!, channelId: row.channel_id! }));
    return { plan: rows[0].plan, channels };
  }
}

/** The chat as the bot knows it (null: not seen yet). */
function knownChat(row: ChatRow): KnownChat | null {
  return row.seen
    ? {
        chat_type: row.chat_type ?? null,
        username: row.username ?? null,
        connected_by: row.connected_by ?? null,
      }
    : null;
}
