import { createHash, randomBytes } from 'node:crypto';

/**
 * One-time codes that connect a Telegram chat to an organization. Posting one in a chat proves
 * control of it: Telegram delivers `/start <code>` there after `t.me/<bot>?startgroup=<code>` (a
 * group) or `t.me/<bot>?start=<code>` (a private chat), and an admin can post it in a channel.
 */

/** How long a code connects: long enough to add the bot, short enough that a leaked one expires. */
export const CONNECT_CODE_TTL_SECONDS = 3600;

// Telegram's start parameter allows up to 64 of [A-Za-z0-9_-]; ours are 24 (144 random bits).
const CODE = /^[A-Za-z0-9_-]{24}$/;
// `/start <code>`, or `/start@<bot> <code>` as groups with several bots send it.
const START_COMMAND = /^\/start(?:@[A-Za-z0-9_]{1,64})?\s+(\S+)\s*$/;

/** A new code: 18 random bytes, base64url. */
export function newConnectCode(): string {
  return randomBytes(18).toString('base64url');
}

/** What is stored instead of the code itself, so a database copy cannot connect anything. */
export function hashConnectCode(code: string): Buffer {
  return createHash('sha256').update(code).digest();
}

/** The code a message's text carries as `/start <code>`, if any. */
export function connectCodeIn(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length > 200) return undefined;
  const code = START_COMMAND.exec(text)?.[1];
  return code !== undefined && CODE.test(code) ? code : undefined;
}
