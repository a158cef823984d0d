/**
 * Replays the bundled Telegram sample through the real webhook, so a fresh install shows metrics
 * at once (the main job runs it):  node dist/connectors/replay/replay.js http://127.0.0.1:8080
 * Takes the webhook secret from TELEGRAM_WEBHOOK_SECRET like the server does.
 */
import { loadConfig } from '../../platform/config';
import { TELEGRAM_WEBHOOK_PATH } from '../telegram/webhook';
import { SAMPLE_CHATS, sampleTelegramUpdates } from './sample-telegram';

const CONCURRENCY = 8;

async function main(): Promise<void> {
  const base = process.argv[2] ?? 'http://127.0.0.1:8080';
  const secret = loadConfig().telegram.webhookSecret;
  const updates = sampleTelegramUpdates(Math.floor(Date.now() / 1000));
  let stored = 0;
  let failed = 0;
  const post = async (update: unknown) => {
    const response = await fetch(`${base}${TELEGRAM_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    }).catch(() => undefined);
    if (response?.ok) stored += 1;
    else failed += 1;
  };
  for (let i = 0; i < updates.length; i += CONCURRENCY) {
    await Promise.all(updates.slice(i, i + CONCURRENCY).map(post));
  }
  const channel = SAMPLE_CHATS[0]!;
  process.stderr.write(
    `replayed ${stored} sample Telegram updates (${failed} refused) from ${SAMPLE_CHATS.length} chats; ` +
      `try ${base}/v1/channels/telegram:${channel.id}/metrics?granularity=hour\n`,
  );
  if (failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`replay failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
