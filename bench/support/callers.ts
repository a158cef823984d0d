import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { AccessTokens } from '../../api/auth/access-tokens';
import { Sessions } from '../../api/auth/sessions';
import { createRedis } from '../../platform/clients/redis';
import type { Config } from '../../platform/config';
import { parseChannelKey } from '../../schemas/channel-key';

/**
 * `count` Enterprise organizations tracking `channel` (`<source>:<id>`), each with an owner and a
 * live session, made directly in PostgreSQL and Redis with the server's own signing key (sign-up
 * would spend 0.3 s of scrypt per caller and is limited per address). Resolves with their tokens.
 */
export async function callers(config: Config, channel: string, count: number): Promise<string[]> {
  const { source, channelId } = parseChannelKey(channel);
  const postgres = new Pool({ connectionString: config.postgres.url });
  const redis = createRedis(config.redis);
  await redis.connect();
  const sessions = new Sessions(redis, `${config.kafka.topicPrefix}auth:`, 3600);
  const tokens = new AccessTokens(config.auth.signingKeys, 3600);
  try {
    return await Promise.all(
      Array.from({ length: count }, async () => {
        const { rows } = await postgres.query<{ organization_id: string; user_id: string }>(
          `WITH o AS (INSERT INTO organizations (name, plan) VALUES ('Bench', 'enterprise') RETURNING id),
                u AS (INSERT INTO users (email) VALUES ($1) RETURNING id),
                m AS (INSERT INTO memberships (organization_id, user_id, role) SELECT o.id, u.id, 'owner' FROM o, u RETURNING organization_id, user_id),
                c AS (INSERT INTO tracked_channels (organization_id, source, channel_id) SELECT o.id, $2, $3 FROM o)
           SELECT organization_id, user_id FROM m`,
          [`bench-${randomBytes(6).toString('hex')}@example.com`, source, channelId],
        );
        const membership = { userId: rows[0]!.user_id, organizationId: rows[0]!.organization_id };
        const { sessionId } = await sessions.start(membership);
        return tokens.issue({ ...membership, role: 'owner', sessionId });
      }),
    );
  } finally {
    await postgres.end();
    redis.disconnect();
  }
}
