/**
 * Replays the bundled samples so a fresh install shows data at once (the main job runs it):
 *   node dist/connectors/replay/replay.js http://127.0.0.1:8080
 * Telegram updates and Stripe events go through the real webhooks (secrets from config, as the
 * server reads them); X posts are stored as the poller stores them, since X cannot be reached.
 */
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import {
  DEMO_ACCOUNT,
  type Replayed,
  prepareDemoAccount,
  replayAudienceHistory,
  replayStripe,
  replayTelegram,
  replayTwitter,
} from './replay-sources';
import { SAMPLE_CHATS } from './sample-telegram';
import { SAMPLE_X_ACCOUNTS } from './sample-twitter';

async function main(): Promise<void> {
  const base = process.argv[2] ?? 'http://127.0.0.1:8080';
  const config = loadConfig();
  const line = (what: string, r: Replayed) => `  ${what}: ${r.stored} stored, ${r.refused} refused\n`;
  const telegram = await replayTelegram(base, config);
  const audience = await replayAudienceHistory(config, createLogger('fatal'));
  const stripe = await replayStripe(base, config);
  const twitter = await replayTwitter(config, createLogger('fatal'));
  const demo = await prepareDemoAccount(base, config);
  process.stderr.write(
    'replayed the samples:\n' +
      line(`Telegram updates (${SAMPLE_CHATS.length} chats, webhook)`, telegram) +
      line(`member counts (${SAMPLE_CHATS[0]!.title}, four weeks, social.channel-stats.v1)`, audience) +
      line('Stripe events (2 customers, webhook; a replay again is deduplicated)', stripe) +
      line(`X posts (${SAMPLE_X_ACCOUNTS.length} accounts, social.twitter.tweets.v1)`, twitter),
  );
  process.stderr.write(
    `demo account: ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password} (Free plan; tracks ${demo.channels.join(', ')}; connected the group)\n`,
  );
  if (telegram.refused + audience.refused + stripe.refused + twitter.refused > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`replay failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
