/**
 * Webhook ingestion under load: the connectors role in a process of its own, store-first on (every
 * 200 is a record Kafka acknowledged), real-shaped Telegram channel posts with unique update ids,
 * driven by autocannon from this process at rising concurrency. Prints requests/s, latency p50/p99
 * and CPU per 1,000 updates of the server alone (from /proc) and of the load generator, the
 * highest rate whose p99 stays under 50 ms, and the records in the topic next to the requests
 * answered 200. With `--baseline DIR` (another checkout, `node_modules` linked in) its server runs
 * each round right after this tree's, on topics of its own: a paired figure from one run.
 *
 *   npm run bench:webhook [-- --seconds 10] [--baseline DIR]
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '../../platform/config';
import { TOPICS } from '../../schemas/topics';
import { freePort, processCpuMs, startServer, stopServer } from '../support/server-process';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, baseline: { type: 'string' } },
});
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

/** One server under test: this tree's or the baseline's, on topics of its own. */
interface Contender {
  name: string;
  server: ChildProcess;
  /** Its chdb directory, removed when it stops. */
  chdb: string;
  url: string;
  secret: string;
  topic: string;
  brokers: string[];
  rounds: Round[];
  answered200: number;
}

async function startContender(name: string, root?: string): Promise<Contender> {
  const prefix = `bench-${randomBytes(4).toString('hex')}.`;
  const env = {
    ROLES: 'connectors',
    NODE_ENV: 'development',
    HTTP_PORT: String(await freePort()),
    OPS_PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    KAFKA_TOPIC_PREFIX: prefix,
    TELEGRAM_STATS_INTERVAL_MS: '3600000',
    // chdb locks its directory to one process: each server its own.
    CLICKHOUSE_PATH: mkdtempSync(join(tmpdir(), 'sa-bench-chdb-')),
  };
  const config = loadConfig({ ...process.env, ...env });
  const server = await startServer(env, undefined, root);
  const url = `http://127.0.0.1:${env.HTTP_PORT}/api/social/telegram/webhook`;
  const topic = `${prefix}${TOPICS.telegramUpdates}`;
  const { webhookSecret: secret } = config.telegram;
  const { brokers } = config.kafka;
  return { name, server, chdb: env.CLICKHOUSE_PATH, url, secret, topic, brokers, rounds: [], answered200: 0 };
}

/** Records in the contender's topic: every 200 must be one. */
async function storedRecords(contender: Contender): Promise<number> {
  const kafka = new Kafka({
    clientId: 'bench-webhook',
    brokers: contender.brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(contender.topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.deleteTopics({ topics: [contender.topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function play(contender: Contender, connections: number, seconds: number, firstId: number) {
  const { server, url, secret } = contender;
  const result = await round(server.pid!, url, secret, connections, seconds, firstId);
  contender.answered200 += result.requests - result.non2xx;
  return result;
}

function table(contender: Contender): string {
  return [
    `${contender.name}:`,
    '| connections | requests | requests/s | p50 ms | p99 ms | non-2xx | server CPU ms per 1,000 updates | load generator CPU ms per 1,000 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...contender.rounds.map(
      (r) =>
        `| ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.serverCpuMsPer1000} | ${r.loadCpuMsPer1000} |`,
    ),
  ].join('\n');
}

function best(contender: Contender): string {
  const top = contender.rounds.filter((r) => r.p99 <= 50 && r.non2xx === 0).sort((a, b) => b.rps - a.rps)[0];
  return top
    ? `${contender.name}: highest rate with p99 at most 50 ms: ${top.rps} requests/s (${top.connections} connections, p99 ${top.p99} ms).`
    : `${contender.name}: no round kept p99 at most 50 ms.`;
}

async function main(): Promise<void> {
  const seconds = Number(args.seconds);
  const contenders: Contender[] = [];
  try {
    contenders.push(await startContender('this tree'));
    if (args.baseline) contenders.push(await startContender('baseline', resolve(args.baseline)));
    for (const contender of contenders) await play(contender, 4, 2, 10_000_000); // warm-up: JIT, connections, schema id
    for (const connections of [1, 4, 16, 64]) {
      for (const contender of contenders) {
        contender.rounds.push(await play(contender, connections, seconds, connections * 100_000_000));
      }
    }
  } finally {
    for (const { server, chdb } of contenders) await stopServer(server, chdb);
  }
  for (const contender of contenders) {
    const stored = await storedRecords(contender);
    console.log(`${table(contender)}\n\n${best(contender)}`);
    console.log(
      `${contender.name}: ${stored} records in ${contender.topic} for ${contender.answered200} requests answered 200 (every update stored: ${stored >= contender.answered200 ? 'yes' : 'no'}).\n`,
    );
  }
  if (contenders.length === 2) {
    const at16 = contenders.map((c) => c.rounds.find((r) => r.connections === 16)!);
    console.log(
      `this tree / baseline at 16 connections: ${(at16[0]!.rps / at16[1]!.rps).toFixed(2)}x requests/s, ` +
        `server CPU per update ${(at16[0]!.serverCpuMsPer1000 / at16[1]!.serverCpuMsPer1000).toFixed(2)}x.`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
