import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type Schema, Type } from 'avsc';
import { decodeContainer } from '../connectors/lake/avro-container';
import { ensureBucket } from '../connectors/lake/ensure-bucket';
import { RawArchiveWriter } from '../connectors/lake/raw-archive-writer';
import { WriterSchemas } from '../connectors/lake/writer-schemas';
import { createS3 } from '../platform/clients/s3';
import { createLogger } from '../platform/logger';
import type { RawRecord } from '../schemas/records/raw-record';
import { AvroSerde } from '../schemas/serde/avro-serde';
import { TopicNames } from '../schemas/topics';
import { isolatedConfig } from './support/isolation';

/**
 * The raw archive's writer against the registry and MinIO: records in the Confluent wire format
 * under a schema the registry holds, written as one Avro container file in the test's own bucket.
 */
const config = isolatedConfig();
const SCHEMA = JSON.stringify({ type: 'record', name: 'Event', fields: [{ name: 'id', type: 'string' }] });
const type = Type.forSchema(JSON.parse(SCHEMA) as Schema);
/** An id far past any the local registry has given. */
const UNKNOWN_ID = 2_000_000_000;

/** A value in the Confluent wire format: magic byte, schema id, Avro body. */
function wire(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

function record(offset: number, value: Buffer | null): RawRecord {
  return {
    topic: 'billing.stripe.events.v1',
    partition: 1,
    offset: String(offset),
    timestamp: Date.UTC(2026, 11, 6),
    value,
  };
}

describe('the raw archive writer', () => {
  const s3 = createS3(config.s3);
  const writer = (client = s3) =>
    new RawArchiveWriter({
      s3: client,
      bucket: config.s3.bucket,
      schemas: new WriterSchemas(config.schemaRegistry.url),
      logger: createLogger('silent'),
      sourceOf: () => 'stripe',
      recordsPerFile: 100,
    });
  let id: number;

  beforeAll(async () => {
    await ensureBucket(s3, config.s3.bucket);
    const serde = new AvroSerde(config.schemaRegistry.url, new TopicNames(config.kafka.topicPrefix));
    id = await serde.registerSchema(`${config.kafka.topicPrefix}events-value`, SCHEMA);
  });
  afterAll(() => s3.destroy());

  it('writes readable records as one container file and skips what no schema can read', async () => {
    const result = await writer().write([
      record(10, wire(id, type.toBuffer({ id: 'evt_1' }))),
      record(11, Buffer.from('not the wire format')),
      record(12, wire(UNKNOWN_ID, type.toBuffer({ id: 'evt_unknown_schema' }))),
      record(13, wire(id, Buffer.from([0xff, 0xff, 0xff]))), // not Avro of the schema
      record(14, null),
      record(15, wire(id, type.toBuffer({ id: 'evt_2' }))),
    ]);
    const key = 'raw-data/stripe/2026/12/06/billing.stripe.events.v1+1+0000000010.avro';
    expect(result).toEqual({ files: [key], records: 2, skipped: 4 });
    const object = await s3.send(new GetObjectCommand({ Bucket: config.s3.bucket, Key: key }));
    const file = await decodeContainer(Buffer.from(await object.Body!.transformToByteArray()));
    expect(file.values).toEqual([{ id: 'evt_1' }, { id: 'evt_2' }]);
    expect(file.metadata).toMatchObject({
      'kafka.offset.first': '10',
      'kafka.offset.last': '15',
      'schema.registry.id': String(id),
    });
  });

  it('reports a failed put as STORAGE_UNAVAILABLE, which the engine retries and then replays', async () => {
    // Nothing listens on port 1: every put is refused.
    const unreachable = createS3({ ...config.s3, endpoint: 'http://127.0.0.1:1' });
    try {
      await expect(
        writer(unreachable).write([record(1, wire(id, type.toBuffer({ id: 'evt_1' })))]),
      ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', retriable: true });
    } finally {
      unreachable.destroy();
    }
  });
});
