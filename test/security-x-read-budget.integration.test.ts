import { randomInt } from 'node:crypto';
import { Pool } from 'pg';
import pino from 'pino';
import { DeadLetterWriter } from '../connectors/kafka/dead-letters';
import { RecordProducer } from '../connectors/kafka/record-producer';
import { snowflakeAt } from '../schemas/x-snowflake';
import { XApiClient } from '../connectors/twitter/x-api-client';
import { XPoller } from '../connectors/twitter/x-poller';
import { PLANS } from '../billing/plans';
import { createKafka } from '../platform/clients/kafka';
import { createMetrics } from '../platform/metrics';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TopicNames } from '../schemas/topics';
import { type RunningApp, startApp } from './support/app';
import { createTestDatabase } from './support/database';
import { FakeXApi } from './support/fake-x-api';

/**
 * Issue 16, finding 8: every organization, Free ones included, got the full monthly X read
 * budget, and reads cost money; sign-ups are cheap. The budget now comes from the plan.
 */
describe('security: X reads by plan', () => {
  let x: FakeXApi;
  let app: RunningApp;
  let postgres: Pool;
  let producer: RecordProducer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const metrics = createMetrics();
  const accountId = () => String(randomInt(1e9, 9e9)) + String(randomInt(1e8, 9e8));

  beforeAll(async () => {
    x = new FakeXApi();
    database = await createTestDatabase(); // the poller reads every tracked account: only ours
    app = await startApp({ ROLES: 'connectors', DATABASE_URL: database.url });
    postgres = new Pool({ connectionString: app.config.postgres.url });
    producer = new RecordProducer(createKafka(app.config.kafka, pino({ level: 'silent' })), 10_000, metrics);
  });
  afterAll(async () => {
    await postgres?.end();
    await producer?.close();
    await app?.stop();
    await database?.drop();
    x?.close();
  });

  const organizationTracking = async (plan: 'free' | 'pro', account: string) => {
    const { rows } = await postgres.query<{ id: string }>(
      'INSERT INTO organizations (name, plan) VALUES ($1, $2) RETURNING id',
      [`x budget ${plan}`, plan],
    );
    await postgres.query(
      "INSERT INTO tracked_channels (organization_id, source, channel_id) VALUES ($1, 'twitter', $2)",
      [rows[0]!.id, account],
    );
    return rows[0]!.id;
  };

  it("reads nothing from X for a Free organization's accounts, and a paid plan's as its plan allows", async () => {
    const root = await x.start();
    const topics = new TopicNames(app.config.kafka.topicPrefix);
    const [freeAccount, proAccount] = [accountId(), accountId()];
    const now = Date.now();
    for (const account of [freeAccount, proAccount]) {
      x.addUser({ id: account, public_metrics: { followers_count: 10 } });
      for (let i = 0; i < 5; i += 1) {
        const at = now - (i + 1) * 60_000;
        x.addPost({
          id: snowflakeAt(at, randomInt(4096)),
          author_id: account,
          created_at: new Date(at).toISOString(),
          text: `post ${i}`,
          public_metrics: { like_count: 0, retweet_count: 0, reply_count: 0, quote_count: 0 },
        });
      }
    }
    const free = await organizationTracking('free', freeAccount);
    const pro = await organizationTracking('pro', proAccount);
    const poller = new XPoller({
      client: new XApiClient({ apiRoot: root, bearerToken: 'test-bearer', backoffMs: 1, retries: 2 }),
      postgres,
      serde: new AvroSerde(app.config.schemaRegistry.url, topics),
      producer,
      deadLetters: new DeadLetterWriter(producer, topics, metrics),
      topics,
      metrics,
      logger: pino({ level: 'silent' }),
      intervalMs: 3_600_000,
      refreshMaxAgeMs: 0,
      refreshIntervalMs: 3_600_000,
    });

    const round = await poller.pollOnce();
    expect(round.budgetSpent).toBe(1); // the Free organization's account waits
    const asked = (account: string) => x.requests.filter((r) => r.path.includes(account)).length;
    expect(asked(freeAccount)).toBe(0);
    expect(asked(proAccount)).toBeGreaterThan(0);
    const usage = async (organization: string) =>
      Number(
        (
          await postgres.query<{ reads: string }>(
            'SELECT COALESCE(sum(reads), 0) AS reads FROM twitter_read_usage WHERE organization_id = $1',
            [organization],
          )
        ).rows[0]!.reads,
      );
    expect(await usage(free)).toBe(0);
    expect(await usage(pro)).toBeGreaterThanOrEqual(5);
    const gauge = await metrics.xReadBudgetRemaining.get();
    expect(gauge.values.find((v) => v.labels.organization === free)?.value).toBe(0);
    expect(gauge.values.find((v) => v.labels.organization === pro)?.value).toBe(
      PLANS.pro.xReadsPerMonth - (await usage(pro)),
    );
  });
});
