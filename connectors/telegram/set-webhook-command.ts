/**
 * Registers the Telegram webhook of this deployment:
 *
 *   npm run telegram:set-webhook -- https://ingest.example.com
 *
 * Uses TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET and TELEGRAM_API_ROOT from the environment.
 */
import { loadConfig } from '../../platform/config';
import { registerWebhook } from './register-webhook';

async function main(): Promise<void> {
  const publicUrl = process.argv[2];
  if (!publicUrl) throw new Error('usage: npm run telegram:set-webhook -- <public https origin>');
  const config = loadConfig();
  const state = await registerWebhook({
    botToken: config.telegram.botToken,
    secret: config.telegram.webhookSecret,
    apiRoot: config.telegram.apiRoot,
    publicUrl,
  });
  process.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
