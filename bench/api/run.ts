/**
 * `GET /v1/channels/:id/metrics` under load: the api role in a process of its own on a seeded
 * ClickHouse (30 days of one channel), autocannon from this process. Two rounds: cached (one query,
 * answered from the process's recent answers or Redis after the first request) and uncached (every request a different range, so
 * every one reaches ClickHouse). Prints requests/s, p50/p99 and the server's CPU per request and
 * cores used, against the targets: cached p99 under 10 ms at 3,000 requests/s or more on one core,
 * uncached p99 under 100 ms.
 *
 *   npm run bench:api [-- --seconds 10 --connections 8 --profile /tmp/api-profile]
 */
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../../platform/config';
import { callers } from '../support/callers';
import {
  benchEnvironment,
  mainThreadCpuMs,
  processCpuMs,
  startServer,
  stopServer,
} from '../support/server-process';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    profile: { type: 'string' },
  },
});
/**
 * A channel of its own per run: cached answers live in the shared Redis under the channel's key,
 * and a fixed channel let one run's "uncached" round hit answers an earlier run had cached.
 */
const CHANNEL = `-100${randomInt(1_000_000_000, 9_999_999_999)}`;
/** Callers to spread requests over: each stays under its plan's 1,000 requests a minute. */
const CALLERS = 200;

interface Round {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  serverCpuMsPerRequest: number;
  /** The event loop's share: what one core has to do per request in a Node process. */
  eventLoopMsPerRequest: number;
  cores: number;
  /** Metrics queries ClickHouse ran in the round, and the questions they answered (batched under load). */
  clickhouseQueries: number;
  questionsPerQuery: number;
}

async function round(
  name: string,
  pid: number,
  path: (i: number) => string,
  base: string,
  tokens: string[],
  ops: string,
): Promise<Round> {
  let i = 0;
  const seconds = Number(args.seconds);
  const cpu = processCpuMs(pid);
  const loop = mainThreadCpuMs(pid);
  const asked = await metricsQueries(ops);
  const started = Date.now();
  const result = await autocannon({
    url: base,
    connections: Number(args.connections),
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          i += 1;
          return {
            ...request,
            path: path(i),
            headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
          };
        },
      },
    ],
  });
  const cpuMs = processCpuMs(pid) - cpu;
  const loopMs = mainThreadCpuMs(pid) - loop;
  const requests = result.requests.total;
  const answered = await metricsQueries(ops);
  const clickhouseQueries = answered.queries - asked.queries;
  return {
    name,
    requests,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    serverCpuMsPerRequest: Number((cpuMs / Math.max(requests, 1)).toFixed(3)),
    eventLoopMsPerRequest: Number((loopMs / Math.max(requests, 1)).toFixed(3)),
    cores: Number((cpuMs / (Date.now() - started)).toFixed(2)),
    clickhouseQueries,
    questionsPerQuery: Number(
      ((answered.questions - asked.questions) / Math.max(clickhouseQueries, 1)).toFixed(1),
    ),
  };
}

/** The server's count of metrics queries and of the questions they answered, from `/metrics` (operations port). */
async function metricsQueries(ops: string): Promise<{ queries: number; questions: number }> {
  const text = await (await fetch(`${ops}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    queries: value('social_analytics_metrics_query_questions_count'),
    questions: value('social_analytics_metrics_query_questions_sum'),
  };
}

async function main(): Promise<void> {
  const env = { ...(await benchEnvironment()), ROLES: 'api' };
  const chdb = env.CLICKHOUSE_PATH;
  const config = loadConfig({ ...process.env, ...env });
  execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'seed.ts'), CHANNEL], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  const server = await startServer(env, args.profile);
  const base = `http://127.0.0.1:${env.HTTP_PORT}`;
  const ops = `http://127.0.0.1:${env.OPS_PORT}`;
  const rounds: Round[] = [];
  try {
    const tokens = await callers(config, `telegram:${CHANNEL}`, CALLERS);
    const metrics = `/v1/channels/telegram:${CHANNEL}/metrics?granularity=hour`;
    const day = 86_400_000;
    const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const cached = `${metrics}&from=${new Date(to.getTime() - 7 * day).toISOString()}&to=${to.toISOString()}`;
    await round('warm-up', server.pid!, () => cached, base, tokens, ops);
    rounds.push(await round('cached', server.pid!, () => cached, base, tokens, ops));
    // A different range every request: a new cache key, so ClickHouse answers each one.
    const uncached = (i: number) =>
      `${metrics}&from=${new Date(to.getTime() - 7 * day - i * 60_000).toISOString()}&to=${new Date(to.getTime() - i * 60_000).toISOString()}`;
    rounds.push(await round('uncached (ClickHouse)', server.pid!, uncached, base, tokens, ops));
  } finally {
    await stopServer(server, chdb);
  }
  console.log(
    [
      '| round | requests | requests/s | p50 ms | p99 ms | non-2xx | server CPU ms per request | event-loop CPU ms per request | server cores used | ClickHouse queries | questions per query |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rounds.map(
        (r) =>
          `| ${r.name} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.serverCpuMsPerRequest} | ${r.eventLoopMsPerRequest} | ${r.cores} | ${r.clickhouseQueries} | ${r.questionsPerQuery} |`,
      ),
    ].join('\n'),
  );
  const [cachedRound, uncachedRound] = rounds;
  console.log(
    `\ncached: p99 ${cachedRound!.p99} ms (target < 10), ${cachedRound!.rps} requests/s (target >= 3,000 on one core; ` +
      `one core would allow ${Math.round(1000 / cachedRound!.serverCpuMsPerRequest)}/s at this CPU per request, ` +
      `${Math.round(1000 / cachedRound!.eventLoopMsPerRequest)}/s counting the event loop only)` +
      `\nuncached: p99 ${uncachedRound!.p99} ms (target < 100)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
