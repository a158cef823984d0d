import { Telegram } from 'telegraf';
import { AppError } from '../../platform/errors';
import { ANALYTICS_UPDATE_TYPES } from './update-record';
import { TELEGRAM_WEBHOOK_PATH } from './webhook';

export interface WebhookRegistration {
  /** The bot's token (from @BotFather). */
  readonly botToken: string;
  /** The secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token. */
  readonly secret: string;
  /** Bot API root; a local server in tests. */
  readonly apiRoot: string;
  /** The public HTTPS origin of the connectors role, e.g. https://ingest.example.com. */
  readonly publicUrl: string;
}

/** What Telegram reports after registration (the fields of getWebhookInfo that matter here). */
export interface WebhookState {
  readonly url: string;
  readonly allowedUpdates: readonly string[];
  readonly pendingUpdates: number;
}

/**
 * Points the bot's webhook at this deployment. `allowed_updates` names every type the product
 * analyses: reactions and member updates are not sent unless asked for. Pending updates are kept
 * (`drop_pending_updates: false`), so a re-registration loses nothing.
 */
export async function registerWebhook(registration: WebhookRegistration): Promise<WebhookState> {
  const url = webhookUrl(registration.publicUrl);
  const telegram = new Telegram(registration.botToken, { apiRoot: registration.apiRoot });
  await telegram.setWebhook(url, {
    secret_token: registration.secret,
    allowed_updates: [...ANALYTICS_UPDATE_TYPES],
    drop_pending_updates: false,
    max_connections: 40,
  });
  const info = await telegram.getWebhookInfo();
  return {
    url: info.url ?? '',
    allowedUpdates: info.allowed_updates ?? [],
    pendingUpdates: info.pending_update_count,
  };
}

/** Telegram delivers webhooks over HTTPS only; refuse anything else before asking it. */
export function webhookUrl(publicUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(publicUrl);
  } catch {
    throw new AppError('VALIDATION_FAILED', `not a URL: ${publicUrl}`);
  }
  if (parsed.protocol !== 'https:') {
    throw new AppError('VALIDATION_FAILED', `Telegram delivers webhooks over HTTPS only, got ${publicUrl}`);
  }
  return new URL(TELEGRAM_WEBHOOK_PATH, parsed).toString();
}
