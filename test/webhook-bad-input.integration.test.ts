import { TOPICS } from '../schemas/topics';
import { errorCode, opsUrl, postUpdate, startApp, type RunningApp } from './support/app';
import { channelPost } from './support/telegram-updates';
import { countRecords, readTopic } from './support/topic-reader';

/** Bad input gets a clear answer and nothing is lost (issue: foundation, §5). */
describe('Telegram webhook with bad input', () => {
  let app: RunningApp;
  let updatesTopic: string;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'connectors' });
    updatesTopic = app.config.kafka.topicPrefix + TOPICS.telegramUpdates;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers 401 to a missing or wrong secret token and produces nothing', async () => {
    const wrong = await postUpdate(app, channelPost(1, 1, 1_700_000_000), 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('UNAUTHORIZED');
    const missing = await fetch(`${app.baseUrl}/api/social/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(channelPost(2, 2, 1_700_000_000)),
    });
    expect(missing.status).toBe(401);
    expect(await countRecords(updatesTopic)).toBe(0);
  });

  it('answers 400 to a body that is not JSON, and produces nothing', async () => {
    const response = await postUpdate(app, '{"update_id": 3, "message": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'INVALID_JSON', message: 'the request body is not valid JSON' },
    });
    expect(await countRecords(updatesTopic)).toBe(0);
    expect(await countRecords(`${updatesTopic}.dlq`)).toBe(0);
  });

  it('answers 200 to JSON that is no Telegram update and dead-letters its raw bytes with the reason', async () => {
    const body = '{"hello":"world","update_id":"seven"}';
    const response = await postUpdate(app, body);
    expect(response.status).toBe(200);
    const dead = await readTopic(`${updatesTopic}.dlq`);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.value?.toString('utf8')).toBe(body);
    expect(dead[0]?.headers).toMatchObject({
      'dlq.error.code': 'NOT_A_TELEGRAM_UPDATE',
      'dlq.error.message': 'not a Telegram update: update_id is missing or not an integer',
      'dlq.source.topic': updatesTopic,
    });
    expect(await countRecords(updatesTopic)).toBe(0);
  });
});

describe('Telegram webhook while the schema registry is unreachable', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ROLES: 'connectors', SCHEMA_REGISTRY_URL: 'http://127.0.0.1:9/apis/ccompat/v7' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers 503 with Retry-After, so Telegram retries, and produces nothing', async () => {
    const response = await postUpdate(app, channelPost(10, 10, 1_700_000_000));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await errorCode(response)).toBe('REGISTRY_UNAVAILABLE');
    expect(await countRecords(app.config.kafka.topicPrefix + TOPICS.telegramUpdates)).toBe(0);
    const ready = await fetch(`${opsUrl(app)}/readyz`);
    expect(ready.status).toBe(503);
    expect(
      ((await ready.json()) as { dependencies: Record<string, { ok: boolean }> }).dependencies.schema_registry
        ?.ok,
    ).toBe(false);
  });
});
