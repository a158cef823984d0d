import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { TelegramUpdateRecord } from '../schemas/records/telegram-update';
import { AppError } from '../platform/errors';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, TopicNames } from '../schemas/topics';
import { createLogger } from '../platform/logger';
import { Runtime } from '../app/runtime';
import { isolatedConfig, uniqueName } from './support/isolation';

const REGISTRY = 'http://127.0.0.1:18081/apis/ccompat/v7';

/** The serde against Apicurio Registry's Confluent-compatible API. */
describe('Avro serde through the schema registry', () => {
  const topics = new TopicNames(uniqueName('test-serde-') + '.');
  const serde = new AvroSerde(REGISTRY, topics);
  const record: TelegramUpdateRecord = {
    update_id: 42,
    update_type: 'channel_post',
    chat_id: -1001234567890,
    chat_type: 'channel',
    chat_title: 'Ünïcode ✓',
    message_id: 7,
    sender_id: null,
    event_time: 1_764_000_000_000,
    received_at: 1_764_000_001_000,
    payload: '{"update_id":42}',
  };

  it('registers under <topic>-value, encodes, fetches the schema by id and decodes the same value', async () => {
    const id = await serde.register(TOPICS.telegramUpdates);
    const encoded = await serde.encode(TOPICS.telegramUpdates, record);
    expect(encoded.readUInt8(0)).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);

    const fresh = new AvroSerde(REGISTRY, topics); // no cache: fetches schema by id
    expect(await fresh.decode(encoded)).toEqual(record);

    const registry = new SchemaRegistry({ host: REGISTRY });
    expect(await registry.getLatestSchemaId(`${topics.of(TOPICS.telegramUpdates)}-value`)).toBe(id);
  });

  it('accepts a new optional field and refuses an incompatible change with SCHEMA_INCOMPATIBLE', async () => {
    const subject = `${uniqueName('test-evolution-')}-value`;
    const v1 = { type: 'record', name: 'Sample', fields: [{ name: 'a', type: 'string' }] };
    const v2 = { ...v1, fields: [...v1.fields, { name: 'b', type: ['null', 'string'], default: null }] };
    const broken = { ...v1, fields: [{ name: 'a', type: 'int' }] };
    const id1 = await serde.registerSchema(subject, JSON.stringify(v1));
    const id2 = await serde.registerSchema(subject, JSON.stringify(v2));
    expect(id2).not.toBe(id1);
    await expect(serde.registerSchema(subject, JSON.stringify(broken))).rejects.toMatchObject({
      code: 'SCHEMA_INCOMPATIBLE',
    });
  });

  it('fails with typed errors on an unknown schema id and on bytes that are not in the wire format', async () => {
    const unknownId = Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0, 2, 3]);
    await expect(serde.decode(unknownId)).rejects.toMatchObject({ code: 'SERDE_UNKNOWN_SCHEMA' });
    await expect(serde.decode(Buffer.from('{"plain":"json"}'))).rejects.toBeInstanceOf(AppError);
    await expect(serde.decode(Buffer.from('{"plain":"json"}'))).rejects.toMatchObject({
      code: 'SERDE_CORRUPT_RECORD',
    });
    const id = await serde.register(TOPICS.telegramUpdates);
    const truncated = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), Buffer.from([0xff, 0xff])]);
    truncated.writeInt32BE(id, 1);
    await expect(serde.decode(truncated)).rejects.toMatchObject({ code: 'SERDE_CORRUPT_RECORD' });
  });
});

describe('start-up against a registry holding an incompatible schema', () => {
  it('stops with SCHEMA_INCOMPATIBLE, naming the subject, before taking any traffic', async () => {
    const config = isolatedConfig({ ROLES: 'connectors' });
    const subject = `${config.kafka.topicPrefix}${TOPICS.channelStats}-value`;
    const theirs = {
      type: 'record',
      name: 'ChannelStatsSample',
      namespace: 'social_analytics.social.v1',
      fields: [{ name: 'count', type: 'string' }], // ours reads it as a long: not BACKWARD compatible
    };
    await new AvroSerde(REGISTRY, new TopicNames('')).registerSchema(subject, JSON.stringify(theirs));
    const runtime = new Runtime(config, createLogger('silent'));
    try {
      const failure = await runtime.start().then(
        () => undefined,
        (error: AppError) => error,
      );
      expect(failure).toMatchObject({ code: 'SCHEMA_INCOMPATIBLE' });
      expect(failure?.message).toContain(subject);
    } finally {
      await runtime.stop();
    }
  });
});
