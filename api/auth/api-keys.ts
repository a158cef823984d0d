import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { AppError } from '../../platform/errors';
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
}

const PREFIX = 'sak_';
const digest = (secret: string) => createHash('sha256').update(secret).digest();
/** Recording last use at most this often per key keeps a busy key from writing on every request. */
const LAST_USED_EVERY_MS = 60_000;

/**
 * API keys for machine clients: `sak_` and 32 random bytes, shown once at creation and stored
 * only as a SHA-256 (the secret is high-entropy, so a slow hash would add nothing). Every query is
 * scoped by organization; a revoked key stops working at once.
 */
export class ApiKeys {
  private readonly lastUsed = new Map<string, number>();

  constructor(private readonly postgres: Pool) {}

  async create(
    organizationId: string,
    role: Role,
    name: string,
    createdBy: string,
  ): Promise<ApiKeyInfo & { key: string }> {
    const key = PREFIX + randomBytes(32).toString('base64url');
    const { rows } = await this.postgres.query<ApiKeyInfo>(
      `INSERT INTO api_keys (organization_id, role, name, secret_hash, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, name, role, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at, NULL AS last_used_at`,
      [organizationId, role, name, digest(key), createdBy],
    );
    return { ...rows[0]!, key };
  }

  async list(organizationId: string): Promise<ApiKeyInfo[]> {
    const { rows } = await this.postgres.query<ApiKeyInfo>(
      `SELECT id, name, role, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
              to_char(last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_used_at
         FROM api_keys WHERE organization_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
      [organizationId],
    );
    return rows;
  }

  /** Revokes a key of this organization; false when it has no such key. */
  async revoke(organizationId: string, keyId: string): Promise<boolean> {
    const { rowCount } = await this.postgres.query(
      'UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL',
      [organizationId, keyId],
    );
    return rowCount === 1;
  }

  /** The grant of a presented key; TOKEN_INVALID for an unknown or revoked one. */
  async authenticate(key: string): Promise<ApiKeyGrant> {
    if (!key.startsWith(PREFIX) || key.length > 100)
      throw new AppError('TOKEN_INVALID', 'the API key is not valid');
    const { rows } = await this.postgres.query<{ id: string; organization_id: string; role: Role }>(
      'SELECT id, organization_id, role FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL',
      [digest(key)],
    );
    const row = rows[0];
    if (!row) throw new AppError('TOKEN_INVALID', 'the API key is not valid');
    const now = Date.now();
    if ((this.lastUsed.get(row.id) ?? 0) < now - LAST_USED_EVERY_MS) {
      this.lastUsed.set(row.id, now);
      await this.postgres.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.id]);
    }
    return { keyId: row.id, organizationId: row.organization_id, role: row.role };
  }
}
