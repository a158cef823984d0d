import type { Pool } from 'pg';

export type TargetKind = 'account' | 'search';

/** An account (X user id) or a recent-search query, with every organization that tracks it. */
export interface PollTarget {
  kind: TargetKind;
  target: string;
  organizations: string[];
}

/** How far a target has been read; see migration 002 for the meaning of each id. */
export interface Checkpoint {
  sinceId?: string;
  pendingNewestId?: string;
  pendingUntilId?: string;
}

/** A post whose metrics are re-read while it is young. */
export interface RecentPost {
  tweetId: string;
  kind: TargetKind;
  target: string;
}

/**
 * What the X poller keeps in PostgreSQL so a restart resumes where it stopped: the targets to
 * poll, a checkpoint per target, and the young posts whose metrics are refreshed.
 */
export class PollState {
  constructor(private readonly postgres: Pool) {}

  async targets(): Promise<PollTarget[]> {
    const { rows } = await this.postgres.query<PollTarget>(
      `SELECT 'account' AS kind, channel_id AS target, array_agg(organization_id::text ORDER BY organization_id) AS organizations
         FROM tracked_channels WHERE source = 'twitter' AND channel_id ~ '^[0-9]{1,19}$' GROUP BY channel_id
       UNION ALL
       SELECT 'search', query, array_agg(organization_id::text ORDER BY organization_id)
         FROM tracked_searches GROUP BY query
       ORDER BY kind, target`,
    );
    return rows;
  }

  async checkpoint(kind: TargetKind, target: string): Promise<Checkpoint> {
    const { rows } = await this.postgres.query<{
      since_id: string | null;
      pending_newest_id: string | null;
      pending_until_id: string | null;
    }>(
      'SELECT since_id, pending_newest_id, pending_until_id FROM twitter_checkpoints WHERE target_kind = $1 AND target = $2',
      [kind, target],
    );
    const row = rows[0];
    return {
      sinceId: row?.since_id ?? undefined,
      pendingNewestId: row?.pending_newest_id ?? undefined,
      pendingUntilId: row?.pending_until_id ?? undefined,
    };
  }

  async saveCheckpoint(kind: TargetKind, target: string, checkpoint: Checkpoint): Promise<void> {
    await this.postgres.query(
      `INSERT INTO twitter_checkpoints (target_kind, target, since_id, pending_newest_id, pending_until_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (target_kind, target) DO UPDATE SET since_id = $3, pending_newest_id = $4,
         pending_until_id = $5, updated_at = now()`,
      [
        kind,
        target,
        checkpoint.sinceId ?? null,
        checkpoint.pendingNewestId ?? null,
        checkpoint.pendingUntilId ?? null,
      ],
    );
  }

  /** Remembers stored posts for refreshing; a post seen again keeps its first target. */
  async rememberPosts(
    kind: TargetKind,
    target: string,
    posts: { id: string; createdAt: number }[],
    now: Date,
  ): Promise<void> {
    if (posts.length === 0) return;
    await this.postgres.query(
      `INSERT INTO twitter_recent_posts (tweet_id, target_kind, target, created_at, refreshed_at)
       SELECT id, $1, $2, to_timestamp(created_ms / 1000.0), $5
         FROM unnest($3::text[], $4::bigint[]) AS p(id, created_ms)
       ON CONFLICT (tweet_id) DO NOTHING`,
      [kind, target, posts.map((p) => p.id), posts.map((p) => p.createdAt), now],
    );
  }

  /**
   * Posts younger than `maxAgeMs` not refreshed for `intervalMs`, oldest refresh first. Posts past
   * the age, or of targets no longer tracked, are forgotten first.
   */
  async postsToRefresh(
    now: Date,
    maxAgeMs: number,
    intervalMs: number,
    limit: number,
  ): Promise<RecentPost[]> {
    await this.postgres.query(
      `DELETE FROM twitter_recent_posts p WHERE created_at < $1::timestamptz
          OR (target_kind = 'account' AND NOT EXISTS (SELECT 1 FROM tracked_channels c WHERE c.source = 'twitter' AND c.channel_id = p.target))
          OR (target_kind = 'search' AND NOT EXISTS (SELECT 1 FROM tracked_searches s WHERE s.query = p.target))`,
      [new Date(now.getTime() - maxAgeMs)],
    );
    const { rows } = await this.postgres.query<RecentPost>(
      `SELECT tweet_id AS "tweetId", target_kind AS kind, target FROM twitter_recent_posts
        WHERE refreshed_at <= $1::timestamptz ORDER BY refreshed_at, tweet_id LIMIT $2`,
      [new Date(now.getTime() - intervalMs), limit],
    );
    return rows;
  }

  async markRefreshed(tweetIds: string[], now: Date): Promise<void> {
    await this.postgres.query(
      'UPDATE twitter_recent_posts SET refreshed_at = $2 WHERE tweet_id = ANY($1::text[])',
      [tweetIds, now],
    );
  }
}
