import type { Pool } from 'pg';
import { z } from 'zod';
import {
  CONNECT_CODE_TTL_SECONDS,
  hashConnectCode,
  newConnectCode,
} from '../../schemas/telegram-connect-code';
import { type ApiRoute, route } from '../http/route';

const ConnectCode = z
  .object({
    code: z.string(),
    command: z.string(),
    expires_at: z.string(),
  })
  .meta({ id: 'TelegramConnectCode' });

/**
 * `POST /v1/telegram/connect-codes`: a one-time code that connects a private Telegram group,
 * channel or chat to the caller's organization once it arrives in that chat (`/start <code>`, as
 * `t.me/<bot>?startgroup=<code>` delivers it). Only the code's hash is stored; it expires in an hour.
 */
export function telegramConnectRoute(deps: { postgres: Pool }): ApiRoute {
  return route({
    id: 'createTelegramConnectCode',
    method: 'post',
    path: '/v1/telegram/connect-codes',
    summary: 'A one-time code that connects a private Telegram group or channel to your organization',
    tag: 'channels',
    access: 'channels:write',
    status: 201,
    response: ConnectCode,
    handle: async ({ principal, res }) => {
      const code = newConnectCode();
      const { rows } = await deps.postgres.query<{ expires_at: string }>(
        `INSERT INTO telegram_connect_codes (code_hash, organization_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3))
         RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires_at`,
        [hashConnectCode(code), principal.organizationId, CONNECT_CODE_TTL_SECONDS],
      );
      res.set('Cache-Control', 'no-store'); // a code connects a chat: it must not stay in a cache
      return { code, command: `/start ${code}`, expires_at: rows[0]!.expires_at };
    },
  });
}
