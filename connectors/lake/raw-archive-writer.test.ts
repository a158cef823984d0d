import type { S3Client } from '@aws-sdk/client-s3';
import { type Schema, Type } from 'avsc';
import { createLogger } from '../../platform/logger';
import { AppError } from '../../platform/errors';
import { decodeContainer } from './avro-container';
import type { RawRecord } from '../../schemas/records/raw-record';
import { RawArchiveWriter } from './raw-archive-writer';
import type { WriterSchemas } from './writer-schemas';

const SCHEMA = JSON.stringify({ type: 'record', name: 'Event', fields: [{ name: 'id', type: 'string' }] });
const type = Type.forSchema(JSON.parse(SCHEMA) as Schema);

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

function writer(put: (key: string, body: Buffer) => Promise<void> = async () => undefined) {
  const schemas = {
    text: async (id: number) => {
      if (id === 7) return SCHEMA;
      throw new AppError('SERDE_UNKNOWN_SCHEMA', `schema id ${id} is unknown to the registry`);
    },
  } as unknown as WriterSchemas;
  const s3 = {
    send: async (command: { input: { Key: string; Body: Buffer } }) =>
      put(command.input.Key, command.input.Body),
  } as unknown as S3Client;
  return new RawArchiveWriter({
    s3,
    bucket: 'lake',
    schemas,
    logger: createLogger('silent'),
    sourceOf: () => 'stripe',
    recordsPerFile: 100,
  });
}

describe('RawArchiveWriter', () => {
  it('writes readable records as one container file and skips what no schema can read', async () => {
    const objects = new Map<string, Buffer>();
    const result = await writer(async (key, body) => void objects.set(key, body)).write([
      record(10, wire(7, type.toBuffer({ id: 'evt_1' }))),
      record(11, Buffer.from('not the wire format')),
      record(12, wire(9, type.toBuffer({ id: 'evt_unknown_schema' }))),
      record(13, wire(7, Buffer.from([0xff, 0xff, 0xff]))), // not Avro of schema 7
      record(14, null),
      record(15, wire(7, type.toBuffer({ id: 'evt_2' }))),
    ]);
    const key = 'raw-data/stripe/2026/12/06/billing.stripe.events.v1+1+0000000010.avro';
    expect(result).toEqual({ files: [key], records: 2, skipped: 4 });
    const file = await decodeContainer(objects.get(key)!);
    expect(file.values).toEqual([{ id: 'evt_1' }, { id: 'evt_2' }]);
    expect(file.metadata).toMatchObject({
      'kafka.offset.first': '10',
      'kafka.offset.last': '15',
      'schema.registry.id': '7',
    });
  });

  it('reports a failed put as STORAGE_UNAVAILABLE, which the engine retries and then replays', async () => {
    const failing = writer(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    await expect(failing.write([record(1, wire(7, type.toBuffer({ id: 'evt_1' })))])).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
      retriable: true,
    });
  });
});
