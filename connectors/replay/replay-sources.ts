import Stripe from 'stripe';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { openIntake } from '../intake';
import { produceChannelStats } from '../kafka/channel-stats';
import { STRIPE_WEBHOOK_PATH } from '../stripe/webhook';
import { TELEGRAM_WEBHOOK_PATH } from '../telegram/webhook';
import { PostWriter } from '../twitter/post-writer';
import { SAMPLE_X_ACCOUNTS, sampleXPosts } from './sample-twitter';
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
  return postAll(updates, (body) =>
    fetch(`${base}${TELEGRAM_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': config.telegram.webhookSecret,
      },
      body,
    }),
  );
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

export const DEMO_ACCOUNT = { email: 'demo@social-analytics.local', password: 'demo-password-local-only' };

/**
 * The demo account a fresh install signs in with: signed up on first run (signed in after), on the
 * Free plan, tracking two sample Telegram channels and one sample X account. Resolves with an
 * access token for the printed examples.
 */
export async function prepareDemoAccount(base: string): Promise<{ token: string; channels: string[] }> {
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  let answer = await post('/v1/auth/signup', { ...DEMO_ACCOUNT, organization_name: 'Demo' });
  if (answer.status === 409) answer = await post('/v1/auth/login', DEMO_ACCOUNT);
  if (!answer.ok) throw new Error(`demo sign-in answered ${answer.status}`);
  const { access_token: token } = (await answer.json()) as { access_token: string };
  const channels = [
    `telegram:${SAMPLE_CHATS[0]!.id}`,
    `telegram:${SAMPLE_CHATS[1]!.id}`,
    `twitter:${SAMPLE_X_ACCOUNTS[0]!.id}`,
  ];
  for (const channel of channels) {
    const tracked = await post('/v1/channels', { channel }, token);
    if (!tracked.ok && tracked.status !== 409)
      throw new Error(`tracking ${channel} answered ${tracked.status}`);
  }
  return { token, channels };
}
