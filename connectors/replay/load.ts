/**
 * A seeded load generator for benchmarks and soak tests: posts sample-shaped Telegram updates
 * through the real webhook at a steady rate.
 *
 *   npm run load -- --rate 200 --seconds 60 [--url http://127.0.0.1:8080] [--seed 7]
 *
 * Prints, every 5 s and at the end, how many were stored, refused and late against the schedule.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../platform/config';
import { TELEGRAM_WEBHOOK_PATH } from '../telegram/webhook';
import { sampleTelegramUpdates } from './sample-telegram';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '30' },
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    seed: { type: 'string', default: '7' },
  },
});

async function main(): Promise<void> {
  const rate = Number(args.rate);
  const seconds = Number(args.seconds);
  if (!(rate > 0) || !(seconds > 0)) throw new Error('--rate and --seconds must be positive');
  const secret = loadConfig().telegram.webhookSecret;
  const started = Date.now();
  // Fresh update ids per run (from the start time), the same shapes for the same seed.
  const updates = sampleTelegramUpdates(
    Math.floor(started / 1000),
    Math.ceil(rate * seconds),
    Number(args.seed),
    started,
  );
  const stats = { stored: 0, refused: 0, behind: 0 };
  const report = () =>
    process.stderr.write(
      `${((Date.now() - started) / 1000).toFixed(0)} s: stored ${stats.stored}, refused ${stats.refused}, behind schedule ${stats.behind}\n`,
    );
  const timer = setInterval(report, 5_000);
  const inFlight = new Set<Promise<void>>();
  for (const [i, update] of updates.entries()) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    else if (wait < -1000) stats.behind += 1;
    const request: Promise<void> = fetch(`${args.url}${TELEGRAM_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    })
      .then((response) => void (response.ok ? (stats.stored += 1) : (stats.refused += 1)))
      .catch(() => void (stats.refused += 1))
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  clearInterval(timer);
  report();
}

main().catch((error: unknown) => {
  process.stderr.write(`load failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
