import { Kafka, logLevel } from 'kafkajs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './support/eventually';
import { uniqueName } from './support/isolation';
import { type ProductProcess, startHealthyProduct } from './support/product-process';
import { type RunningPrometheus, startPrometheus } from './support/prometheus';
import { channelPost } from './support/telegram-updates';
import { brokers } from './support/topic-reader';

const DASHBOARDS = join(__dirname, '..', 'ops', 'grafana');

interface Panel {
  id: number;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr: string }[];
  panels?: Panel[];
}

/** Every panel's queries, by dashboard file and panel title (rows' panels included). */
function dashboardQueries(): { where: string; expr: string }[] {
  return readdirSync(DASHBOARDS)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) as { panels: Panel[] };
      const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
      return panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({ where: `${file}: ${panel.title}`, expr: target.expr })),
      );
    });
}

/** Grafana's variables as Grafana fills them in, for a Prometheus that scrapes every second. */
function asGrafanaSends(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '30s')
    .replaceAll('$__interval', '5s')
    .replaceAll('$__range', '5m');
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/** The metric names an expression reads: identifiers that are not functions, keywords, labels or numbers. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '');
  const names = [...bare.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)\s*(\(?)/g)]
    .filter((match) => match[2] === '' && !KEYWORDS.has(match[1]!.toLowerCase()))
    .map((match) => match[1]!);
  return [...new Set(names)];
}

/** What a process serves on /metrics: each family's name, and a histogram's _bucket, _sum, _count. */
function exportedNames(text: string): Set<string> {
  const names = new Set(['up']); // Prometheus's own, per target
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram' || type === 'summary')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(name! + suffix);
  }
  return names;
}

/**
 * Panels that can show nothing yet in this test, and why. Every other panel must return series
 * from a product that took a few requests.
 */
const NO_SERIES_HERE: Record<string, string> = {
  'ingestion.json: X polls by kind and outcome': 'the X poller runs only with X_BEARER_TOKEN',
  'ingestion.json: X read budget remaining': 'the X poller runs only with X_BEARER_TOKEN',
  'processing.json: Late records (past the window grace)': 'no record arrives after its window closed',
};

/**
 * The dashboards (ops/grafana/*.json) against the product itself: it runs as its own process and
 * takes webhooks (one stored, one dead-lettered, one refused), a sign-up, a metrics read and a
 * 404, while a real Prometheus scrapes it; every panel's query must parse, name only metrics the
 * product exports, and return series.
 */
describe('Grafana dashboards', () => {
  let product: ProductProcess;
  let prometheus: RunningPrometheus;
  let exported: Set<string>;
  const prefix = `test-${uniqueName('')}.`;

  beforeAll(async () => {
    product = await startHealthyProduct(
      { NODE_ENV: 'test', KAFKA_TOPIC_PREFIX: prefix },
      { path: '/readyz', timeoutMs: 90_000 },
    );
    const ops = `http://127.0.0.1:${product.opsPort}`;
    prometheus = await startPrometheus(`127.0.0.1:${product.opsPort}`);
    await driveTraffic(`http://127.0.0.1:${product.port}`, prefix);
    exported = exportedNames(await (await fetch(`${ops}/metrics`)).text());
    // The processors dead-letter the bytes that are not Avro; rates need two scrapes after that.
    await eventually(
      () => prometheus.query('streams_dead_letters_total'),
      (answer) => answer.series > 0,
      30_000,
      500,
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }, 150_000);

  afterAll(async () => {
    await prometheus?.stop();
    product?.child.kill('SIGTERM');
    await product?.exit;
  });

  const queries = dashboardQueries();

  it('has panels, each on the datasource variable', () => {
    expect(queries.length).toBeGreaterThan(20);
    for (const file of readdirSync(DASHBOARDS).filter((f) => f.endsWith('.json'))) {
      const dashboard = JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) as {
        uid: string;
        panels: Panel[];
      };
      expect(dashboard.uid).toBe(`social-analytics-${file.replace(/\.json$/, '')}`);
      for (const panel of dashboard.panels) expect(panel.datasource?.uid).toBe('${datasource}');
    }
  });

  it('names only metrics the product exports', () => {
    const unknown = queries.flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('parses in Prometheus and returns series', async () => {
    const problems: string[] = [];
    for (const { where, expr } of queries) {
      const answer = await prometheus.query(asGrafanaSends(expr));
      if (answer.status !== 'success') problems.push(`${where}: ${answer.error}`);
      else if (answer.series === 0 && !(where in NO_SERIES_HERE))
        problems.push(`${where}: no series for ${expr}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);
});

/** Requests that make the product's counters appear, as real traffic would. */
async function driveTraffic(api: string, prefix: string): Promise<void> {
  const json = { 'content-type': 'application/json' };
  const telegram = { ...json, 'x-telegram-bot-api-secret-token': 'local-webhook-secret' };
  const webhook = `${api}/api/social/telegram/webhook`;
  const now = Math.floor(Date.now() / 1000);
  const answers = [
    await fetch(webhook, {
      method: 'POST',
      headers: telegram,
      body: JSON.stringify(channelPost(now, now, now)),
    }),
    await fetch(webhook, { method: 'POST', headers: telegram, body: '{"not":"an update"}' }),
    await fetch(`${api}/api/billing/stripe/webhook`, { method: 'POST', headers: json, body: '{}' }),
    await fetch(`${api}/no/such/route`),
  ];
  expect(answers.map((answer) => answer.status)).toEqual([200, 200, expect.any(Number), 404]);
  const signup = await fetch(`${api}/v1/auth/signup`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      email: `${uniqueName('dash-')}@example.com`,
      password: 'a long passphrase',
      organization_name: 'Dash',
    }),
  });
  const { access_token: token } = (await signup.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${token}` };
  const channel = 'telegram:-1001987654321';
  await fetch(`${api}/v1/channels`, {
    method: 'POST',
    headers: { ...json, ...auth },
    body: JSON.stringify({ channel, title: 'Dash' }),
  });
  // Twice: a miss, then a hit.
  const read = () => fetch(`${api}/v1/channels/${channel}/metrics?granularity=day`, { headers: auth });
  expect([(await read()).status, (await read()).status]).toEqual([200, 200]);
  // Bytes that are not Avro, straight onto the processors' input: they dead-letter it.
  const kafka = new Kafka({ clientId: 'dashboards-test', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: `${prefix}social.telegram.updates.v1`,
    messages: [{ key: 'telegram:1', value: 'not avro' }],
  });
  await producer.disconnect();
}
