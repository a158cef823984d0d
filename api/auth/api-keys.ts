import { createHash, randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { AppError } from '../../platform/errors';
import { type PlanId, requirePlan } from '../../billing/plans';
import type { Role } from './permissions';

/** What an API key grants: a role in one organization. */
export interface ApiKeyGrant {
  keyId: string;
  organizationId: string;
  role: Role;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  /** When the key stops working; null for a key without an expiry. */
  expires_at: string | null;
}

const PREFIX = 'sak_';
const digest = (secret: string) => createHash('sha256').update(secret).digest();
const utc = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ${column.replace(/^\w+\./, '')}`;

/**
 * API keys for machine clients: `sak_` and 32 random bytes, shown once at creation and stored
 * only as a SHA-256 (the secret is high-entropy, so a slow hash would add nothing). Every query is
 * scoped by organization. A key works while it is not revoked (by hand, or when its creator
 * leaves the organization), not past its optional expiry, and while the organization's plan
 * allows keys; its last use is recorded at most once a minute.
 */
export class ApiKeys {
  constructor(private readonly postgres: Pool) {}

  async create(
    organizationId: string,
    role: Role,
    name: string,
    createdBy: string,
    expiresAt?: Date,
  ): Promise<ApiKeyInfo & { key: string }> {
    const key = PREFIX + randomBytes(32).toString('base64url');
    const { rows } = await this.postgres.query<ApiKeyInfo>(
      `INSERT INTO api_keys (organization_id, role, name, secret_hash, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, name, role, ${utc('created_at')}, NULL AS last_used_at, ${utc('expires_at')}`,
      [organizationId, role, name, digest(key), createdBy, expiresAt ?? null],
    );
    return { ...rows[0]!, key };
  }

  async list(organizationId: string): Promise<ApiKeyInfo[]> {
    const { rows } = await this.postgres.query<ApiKeyInfo>(
      `SELECT id, name, role, ${utc('created_at')}, ${utc('last_used_at')}, ${utc('expires_at')}
         FROM api_keys WHERE organization_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
      [organizationId],
    );
    return rows;
  }

  /** Revokes the keys a member created, inside the transaction that removes them. */
  async revokeCreatedBy(client: PoolClient, organizationId: string, userId: string): Promise<void> {
    await client.query(
      'UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1 AND created_by = $2 AND revoked_at IS NULL',
      [organizationId, userId],
    );
  }

  /** Revokes a key of this organization; false when it has no such key. */
  async revoke(organizationId: string, keyId: string): Promise<boolean> {
    const { rowCount } = await this.postgres.query(
      'UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL',
      [organizationId, keyId],
    );
    return rowCount === 1;
  }

  /**
   * The grant of a presented key: TOKEN_INVALID for an unknown or revoked one, TOKEN_EXPIRED past
   * its expiry, PLAN_UPGRADE_REQUIRED when the organization's plan no longer allows keys.
   */
  async authenticate(key: string): Promise<ApiKeyGrant> {
    if (!key.startsWith(PREFIX) || key.length > 100)
      throw new AppError('TOKEN_INVALID', 'the API key is not valid');
    const { rows } = await this.postgres.query<{
      id: string;
      organization_id: string;
      role: Role;
      plan: PlanId;
      expired: boolean;
      unrecorded: boolean;
    }>(
      // `unrecorded`: last use is a minute old or more, so a busy key writes once a minute, not per request.
      `SELECT k.id, k.organization_id, k.role, o.plan, coalesce(k.expires_at <= now(), false) AS expired,
              coalesce(k.last_used_at < now() - interval '1 minute', true) AS unrecorded
         FROM api_keys k JOIN organizations o ON o.id = k.organization_id
        WHERE k.secret_hash = $1 AND k.revoked_at IS NULL`,
      [digest(key)],
    );
    const row = rows[0];
    if (!row) throw new AppError('TOKEN_INVALID', 'the API key is not valid');
    if (row.expired) throw new AppError('TOKEN_EXPIRED', 'the API key has expired; create a new one');
    requirePlan(row.plan, (plan) => plan.apiKeys, 'API keys');
    if (row.unrecorded)
      await this.postgres.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.id]);
    return { keyId: row.id, organizationId: row.organization_id, role: row.role };
  }
}
