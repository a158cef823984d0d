/**
 * Webhook ingestion under load: the connectors role in a process of its own, store-first on (every
 * 200 is a record Kafka acknowledged), real-shaped Telegram channel posts with unique update ids,
 * driven by autocannon from this process at rising concurrency. Prints requests/s, latency p50/p99
 * and CPU per 1,000 updates of the server alone (from /proc) and of the load generator, and the
 * highest rate whose p99 stays under 50 ms.
 *
 *   npm run bench:webhook [-- --seconds 10]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../../platform/config';
import { freePort, processCpuMs, startServer } from '../support/server-process';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const CHANNEL = -1001555000111;

function channelPost(updateId: number): string {
  const date = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    update_id: updateId,
    channel_post: {
      message_id: updateId,
      sender_chat: { id: CHANNEL, title: 'Bench channel', username: 'bench_channel', type: 'channel' },
      chat: {
        id: CHANNEL - (updateId % 50),
        title: 'Bench channel',
        username: 'bench_channel',
        type: 'channel',
      },
      date,
      text: `Release notes ${updateId} #launch @team https://example.org`,
      entities: [{ offset: 14, length: 7, type: 'hashtag' }],
    },
  });
}

interface Round {
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  serverCpuMsPer1000: number;
  loadCpuMsPer1000: number;
}

async function round(
  server: number,
  url: string,
  secret: string,
  connections: number,
  seconds: number,
  firstId: number,
): Promise<Round> {
  let next = firstId;
  const cpu = process.cpuUsage();
  const serverCpu = processCpuMs(server);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        setupRequest: (request) => ({ ...request, body: channelPost((next += 1)) }),
      },
    ],
  });
  const used = process.cpuUsage(cpu);
  const serverUsed = processCpuMs(server) - serverCpu;
  const requests = result.requests.total;
  return {
    connections,
    requests,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    serverCpuMsPer1000: Math.round((serverUsed / Math.max(requests, 1)) * 1000),
    loadCpuMsPer1000: Math.round(((used.user + used.system) / 1000 / Math.max(requests, 1)) * 1000),
  };
}

async function main(): Promise<void> {
  const id = randomBytes(4).toString('hex');
  const env = {
    ROLES: 'connectors',
    NODE_ENV: 'development',
    HTTP_PORT: String(await freePort()),
    OPS_PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    KAFKA_TOPIC_PREFIX: `bench-${id}.`,
    TELEGRAM_STATS_INTERVAL_MS: '3600000',
  };
  const config = loadConfig({ ...process.env, ...env });
  const server = await startServer(env);
  const url = `http://127.0.0.1:${env.HTTP_PORT}/api/social/telegram/webhook`;
  const secret = config.telegram.webhookSecret;
  const seconds = Number(args.seconds);
  const rounds: Round[] = [];
  try {
    await round(server.pid!, url, secret, 4, 2, 10_000_000); // warm-up: JIT, connections, schema id
    for (const connections of [1, 4, 16, 64]) {
      rounds.push(await round(server.pid!, url, secret, connections, seconds, connections * 100_000_000));
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  const table = [
    '| connections | requests | requests/s | p50 ms | p99 ms | non-2xx | server CPU ms per 1,000 updates | load generator CPU ms per 1,000 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rounds.map(
      (r) =>
        `| ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.serverCpuMsPer1000} | ${r.loadCpuMsPer1000} |`,
    ),
  ];
  const best = rounds.filter((r) => r.p99 < 50 && r.non2xx === 0).sort((a, b) => b.rps - a.rps)[0];
  console.log(table.join('\n'));
  console.log(
    best
      ? `\nHighest rate with p99 under 50 ms: ${best.rps} requests/s (${best.connections} connections, p99 ${best.p99} ms).`
      : '\nNo round kept p99 under 50 ms.',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
