/**
 * Freshness: how long after the Telegram webhook answers 200 a post shows in
 * `GET /v1/channels/{channel}/metrics?granularity=minute`, with background posts flowing to other
 * channels. The product runs with every role in a process of its own; probe posts go one at a
 * time to a public probe channel, at every second of the minute, and each is timed until the
 * minute's count includes it. Then the process is SIGKILLed and started again, and the bench times
 * the restart to the processors' first commit and to the next probe being visible.
 *
 *   npm run bench:freshness [-- --rate 200 --probes 60 --range minute|default]
 */
import type { ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../platform/config';
import { sampleTelegramUpdates } from '../../connectors/replay/sample-telegram';
import { TELEGRAM_WEBHOOK_PATH } from '../../connectors/telegram/webhook';
import { callers } from '../support/callers';
import { benchEnvironment, startServer, stopServer } from '../support/server-process';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    probes: { type: 'string', default: '60' },
    /** `default`: ask as a new user would, without from/to (the last day up to the current minute). */
    range: { type: 'string', default: 'minute' },
  },
});

const PROBE_CHAT = -1000000000000 - randomInt(1, 999_999_999);
const PROBE_CHANNEL = `telegram:${PROBE_CHAT}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Target {
  readonly base: string;
  readonly ops: string;
  readonly secret: string;
  readonly token: string;
}

async function postUpdate(target: Target, update: object): Promise<boolean> {
  const response = await fetch(`${target.base}${TELEGRAM_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': target.secret },
    body: JSON.stringify(update),
  }).catch(() => undefined);
  await response?.arrayBuffer();
  return response?.ok ?? false;
}

/** Posts sample updates of other channels at `rate` a second until stopped. */
function backgroundLoad(target: Target, rate: number): { stop: () => Promise<number> } {
  let running = true;
  let stored = 0;
  const loop = (async () => {
    const started = Date.now();
    let sent = 0;
    while (running) {
      const now = Math.floor(Date.now() / 1000);
      const batch = sampleTelegramUpdates(now, 20, randomInt(1, 1e9), 100_000_000 + sent);
      const results = await Promise.all(batch.map((update) => postUpdate(target, update)));
      stored += results.filter(Boolean).length;
      sent += batch.length;
      const ahead = started + (sent / rate) * 1000 - Date.now();
      if (ahead > 0) await sleep(ahead);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return stored;
    },
  };
}

let probeId = 0;

/** Posts one probe post now; resolves with when the webhook answered 200, its minute and second. */
async function probe(target: Target): Promise<{ answered: number; minute: number; second: number }> {
  probeId += 1;
  const now = Date.now();
  const ok = await postUpdate(target, {
    update_id: 200_000_000 + probeId,
    channel_post: {
      message_id: probeId,
      date: Math.floor(now / 1000),
      chat: { id: PROBE_CHAT, type: 'channel', title: 'Freshness probe', username: 'freshness_probe' },
      text: `probe ${probeId}`,
    },
  });
  if (!ok) throw new Error('the webhook refused a probe');
  const posted = Math.floor(now / 1000) * 1000;
  return {
    answered: Date.now(),
    minute: Math.floor(posted / 60_000) * 60_000,
    second: Math.floor((posted % 60_000) / 1000),
  };
}

/** Polls the minute metrics until `minute` holds `expected` posts; resolves with when it did. */
async function visible(
  target: Target,
  minute: number,
  expected: number,
  timeoutMs = 120_000,
): Promise<number> {
  const from = new Date(minute).toISOString();
  const to = new Date(minute + 60_000).toISOString();
  const metrics = `/v1/channels/${PROBE_CHANNEL}/metrics?granularity=minute`;
  const path = args.range === 'default' ? metrics : `${metrics}&from=${from}&to=${to}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${target.base}${path}`, {
      headers: { authorization: `Bearer ${target.token}` },
    }).catch(() => undefined);
    if (response?.ok) {
      const body = (await response.json()) as { windows: Array<{ window_start: string; posts: number }> };
      const count = body.windows.find((w) => Date.parse(w.window_start) === minute)?.posts ?? 0;
      if (count >= expected) return Date.now();
    } else await response?.arrayBuffer();
    await sleep(20);
  }
  throw new Error(`minute ${from} did not reach ${expected} posts in ${timeoutMs} ms`);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

/** The processors' committed transactions so far (`streams_commits_total`), from the operations port. */
async function commits(ops: string): Promise<number> {
  const text = (await (await fetch(`${ops}/metrics`).catch(() => undefined))?.text()) ?? '';
  const lines = text.matchAll(/^streams_commits_total\{[^}]*outcome="committed"[^}]*\} (\S+)$/gm);
  return [...lines].reduce((sum, m) => sum + Number(m[1]), 0);
}

async function main(): Promise<void> {
  const env = await benchEnvironment();
  const chdb = env.CLICKHOUSE_PATH;
  const config = loadConfig({ ...process.env, ...env });
  let server: ChildProcess = await startServer(env);
  const target: Target = {
    base: `http://127.0.0.1:${env.HTTP_PORT}`,
    ops: `http://127.0.0.1:${env.OPS_PORT}`,
    secret: config.telegram.webhookSecret,
    token: (await callers(config, PROBE_CHANNEL, 1))[0]!,
  };
  const rate = Number(args.rate);
  const load = backgroundLoad(target, rate);
  const expected = new Map<number, number>();
  const expect = (minute: number) => {
    expected.set(minute, (expected.get(minute) ?? 0) + 1);
    return expected.get(minute)!;
  };
  const latencies: Array<{ ms: number; second: number }> = [];
  try {
    await sleep(5_000); // the load reaches its rate, the processors their partitions
    for (let i = 0; i < Number(args.probes); i += 1) {
      const sent = await probe(target);
      const seen = await visible(target, sent.minute, expect(sent.minute));
      latencies.push({ ms: seen - sent.answered, second: sent.second });
      // Probes land on every second of the minute, the last ones included.
      await sleep(300 + randomInt(0, 1_400));
    }
    const stored = await load.stop();
    const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
    const lastSeconds = latencies.filter((l) => l.second >= 55).map((l) => l.ms);
    console.log(
      `freshness with ${rate} posts/s to other channels (${stored} stored), ${sorted.length} probes: ` +
        `p50 ${percentile(sorted, 0.5)} ms, p90 ${percentile(sorted, 0.9)} ms, p99 ${percentile(sorted, 0.99)} ms, ` +
        `max ${sorted.at(-1)} ms (target: p99 <= 1,500 ms); posted in a minute's last 5 s ` +
        `(${lastSeconds.length}): max ${Math.max(0, ...lastSeconds)} ms`,
    );

    // Recovery: SIGKILL every role, start again, time the processors' first commit.
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    const restarted = Date.now();
    server = await startServer(env);
    const ready = Date.now();
    const sent = await probe(target);
    while ((await commits(target.ops)) === 0) await sleep(50);
    const committed = Date.now();
    const seen = await visible(target, sent.minute, expect(sent.minute));
    console.log(
      `recovery after SIGKILL: ready in ${ready - restarted} ms, first processors commit ` +
        `${committed - restarted} ms after the restart (target <= 10,000 ms), a new post visible ` +
        `${seen - sent.answered} ms after its 200`,
    );
  } finally {
    await load.stop().catch(() => undefined);
    await stopServer(server, chdb);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
