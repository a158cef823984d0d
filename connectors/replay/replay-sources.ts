import Stripe from 'stripe';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { openIntake } from '../intake';
import { produceChannelStats } from '../kafka/channel-stats';
import { STRIPE_WEBHOOK_PATH } from '../stripe/webhook';
import { TELEGRAM_WEBHOOK_PATH } from '../telegram/webhook';
import { PostWriter } from '../twitter/post-writer';
import { SAMPLE_X_ACCOUNTS, sampleXPosts } from './sample-twitter';
import { sampleAudienceHistory } from './sample-audience';
import { sampleStripeEvents } from './sample-stripe';
import { SAMPLE_CHATS, sampleTelegramUpdates } from './sample-telegram';

export interface Replayed {
  stored: number;
  refused: number;
}

/** Posts bodies to a webhook a few at a time; a non-2xx answer counts as refused. */
async function postAll(bodies: string[], post: (body: string) => Promise<Response>): Promise<Replayed> {
  const result = { stored: 0, refused: 0 };
  for (let i = 0; i < bodies.length; i += 8) {
    const answers = await Promise.all(
      bodies.slice(i, i + 8).map((body) => post(body).catch(() => undefined)),
    );
    for (const answer of answers) {
      if (answer?.ok) result.stored += 1;
      else result.refused += 1;
    }
  }
  return result;
}

/** The Telegram sample through the real webhook, with the configured secret. */
export function replayTelegram(base: string, config: Config): Promise<Replayed> {
  const updates = sampleTelegramUpdates(Math.floor(Date.now() / 1000)).map((u) => JSON.stringify(u));
  return postAll(updates, (body) => postTelegramUpdate(base, config, body));
}

/** One update through the Telegram webhook, with the configured secret. */
function postTelegramUpdate(base: string, config: Config, body: string): Promise<Response> {
  return fetch(`${base}${TELEGRAM_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': config.telegram.webhookSecret,
    },
    body,
  });
}

/** The Stripe sample through the real webhook, signed as Stripe signs with the endpoint secret. */
export function replayStripe(base: string, config: Config): Promise<Replayed> {
  const events = sampleStripeEvents(Math.floor(Date.now() / 1000)).map((e) => JSON.stringify(e, null, 2));
  return postAll(events, (body) =>
    fetch(`${base}${STRIPE_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({
          payload: body,
          secret: config.stripe.webhookSecret,
        }),
      },
      body,
    }),
  );
}

/**
 * The X sample, stored as the poller stores what it reads (X itself cannot be reached from a
 * fresh install): posts of the sample accounts as timeline observations (long posts whole, quotes
 * and reposts with their originals), and their followers.
 */
export async function replayTwitter(config: Config, logger: Logger): Promise<Replayed> {
  const intake = openIntake(config, logger);
  try {
    const now = new Date();
    const items = sampleXPosts(now.getTime()).map((value) => ({ value, json: JSON.stringify(value) }));
    // Every post a sample quote or repost references is in the sample: X would include it.
    const records = await new PostWriter(intake).write(items, { via: 'timeline', observedAt: now }, items);
    await produceChannelStats(
      intake,
      SAMPLE_X_ACCOUNTS.map((account) => ({
        source: 'twitter',
        channel_id: account.id,
        metric: 'followers',
        count: account.public_metrics!.followers_count!,
        observed_at: now.getTime(),
      })),
    );
    return { stored: records.length, refused: items.length - records.length };
  } finally {
    await intake.close();
  }
}

/**
 * Four weeks of the first sample channel's member counts, produced as the member-count poller
 * produces them (it cannot reach Telegram from a fresh install), oldest first: enough days for a
 * growth forecast, with one flagged jump.
 */
export async function replayAudienceHistory(config: Config, logger: Logger): Promise<Replayed> {
  const intake = openIntake(config, logger);
  try {
    const samples = sampleAudienceHistory(String(SAMPLE_CHATS[0]!.id), Date.now());
    await produceChannelStats(intake, samples);
    return { stored: samples.length, refused: 0 };
  } finally {
    await intake.close();
  }
}

export const DEMO_ACCOUNT = { email: 'demo@social-analytics.local', password: 'demo-password-local-only' };

/** The demo account's tracked channels: a channel with history, a group it connected, an X account. */
export const DEMO_CHANNELS = {
  channel: `telegram:${SAMPLE_CHATS[0]!.id}`,
  group: `telegram:${SAMPLE_CHATS[3]!.id}`,
  account: `twitter:${SAMPLE_X_ACCOUNTS[0]!.id}`,
} as const;

/**
 * The demo account a fresh install signs in with: signed up on first run (signed in after), on the
 * Free plan, tracking DEMO_CHANNELS (three, the Free plan's limit: others from an earlier run are
 * untracked). Its group is connected as a user would connect it (a one-time code posted in the
 * group through the webhook), so its members analytics are readable. Resolves with an access token.
 */
export async function prepareDemoAccount(
  base: string,
  config: Config,
): Promise<{ token: string; channels: string[] }> {
  const call = (method: string, path: string, body?: unknown, token?: string) =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  let answer = await call('POST', '/v1/auth/signup', { ...DEMO_ACCOUNT, organization_name: 'Demo' });
  if (answer.status === 409) answer = await call('POST', '/v1/auth/login', DEMO_ACCOUNT);
  if (!answer.ok) throw new Error(`demo sign-in answered ${answer.status}`);
  const { access_token: token } = (await answer.json()) as { access_token: string };
  const channels: string[] = Object.values(DEMO_CHANNELS);
  const tracked = (await (await call('GET', '/v1/channels', undefined, token)).json()) as {
    channels?: { channel: string }[];
  };
  for (const { channel } of tracked.channels ?? [])
    if (!channels.includes(channel)) await call('DELETE', `/v1/channels/${channel}`, undefined, token);
  for (const channel of channels) {
    const added = await call('POST', '/v1/channels', { channel }, token);
    if (!added.ok && added.status !== 409)
      throw new Error(`tracking ${channel} answered ${added.status}: ${await added.text()}`);
  }
  await connectDemoGroup(base, config, (method, path) => call(method, path, undefined, token));
  return { token, channels };
}

/** Connects the demo group with a code sent there as `/start@<bot> <code>`; waits until it reads. */
async function connectDemoGroup(
  base: string,
  config: Config,
  call: (method: string, path: string) => Promise<Response>,
): Promise<void> {
  const activity = `/v1/channels/${DEMO_CHANNELS.group}/group/activity`;
  if ((await call('GET', activity)).ok) return;
  const codeAnswer = await call('POST', '/v1/telegram/connect-codes');
  if (!codeAnswer.ok) throw new Error(`a connect code answered ${codeAnswer.status}`);
  const { code } = (await codeAnswer.json()) as { code: string };
  const group = SAMPLE_CHATS[3]!;
  const now = Math.floor(Date.now() / 1000);
  const update = {
    update_id: 990_000_000 + (now % 1_000_000),
    message: {
      message_id: 990_000 + (now % 10_000),
      from: { id: 5_000_000, is_bot: false, first_name: 'alice', username: 'alice' },
      chat: { id: group.id, title: group.title, username: group.username, type: group.type },
      date: now,
      text: `/start@social_analytics_bot ${code}`,
    },
  };
  const sent = await postTelegramUpdate(base, config, JSON.stringify(update));
  if (!sent.ok) throw new Error(`the connect message answered ${sent.status}`);
  for (let attempt = 0; attempt < 60; attempt += 1) {
    if ((await call('GET', activity)).ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the demo group was not connected within 30 s`);
}
