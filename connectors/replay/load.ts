/**
 * A seeded load generator for benchmarks and soak tests: posts sample-shaped Telegram updates, or
 * signed Stripe events, through the real webhooks at a steady rate.
 *
 *   npm run load -- --rate 200 --seconds 60 [--source telegram|stripe] [--url http://127.0.0.1:8080] [--seed 7]
 *
 * Prints, every 5 s and at the end, how many were stored, refused and late against the schedule.
 */
import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { type Config, loadConfig } from '../../platform/config';
import { STRIPE_WEBHOOK_PATH } from '../stripe/webhook';
import { TELEGRAM_WEBHOOK_PATH } from '../telegram/webhook';
import { sampleStripeEvents, stripeEventOf } from './sample-stripe';
import { sampleTelegramUpdates } from './sample-telegram';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '30' },
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    seed: { type: 'string', default: '7' },
    source: { type: 'string', default: 'telegram' },
  },
});

interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** `count` requests of the chosen source, fresh ids per run (from `started`), shapes from the samples. */
function requests(source: string, count: number, started: number, config: Config): LoadRequest[] {
  if (source === 'telegram') {
    const updates = sampleTelegramUpdates(Math.floor(started / 1000), count, Number(args.seed), started);
    const headers = {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': config.telegram.webhookSecret,
    };
    return updates.map((update) => ({ path: TELEGRAM_WEBHOOK_PATH, headers, body: JSON.stringify(update) }));
  }
  if (source === 'stripe') {
    const shapes = sampleStripeEvents(Math.floor(started / 1000));
    return Array.from({ length: count }, (_, i) => {
      const shape = shapes[i % shapes.length]!;
      const object = { ...shape.data.object, customer: `cus_load_${i % 500}` };
      const body = JSON.stringify(
        stripeEventOf(`evt_load_${started}_${i}`, shape.type, object, shape.created),
      );
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: config.stripe.webhookSecret,
      });
      return {
        path: STRIPE_WEBHOOK_PATH,
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body,
      };
    });
  }
  throw new Error(`--source must be telegram or stripe, not ${source}`);
}

async function main(): Promise<void> {
  const rate = Number(args.rate);
  const seconds = Number(args.seconds);
  if (!(rate > 0) || !(seconds > 0)) throw new Error('--rate and --seconds must be positive');
  const started = Date.now();
  const updates = requests(args.source, Math.ceil(rate * seconds), started, loadConfig());
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
    const request: Promise<void> = fetch(`${args.url}${update.path}`, {
      method: 'POST',
      headers: update.headers,
      body: update.body,
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
