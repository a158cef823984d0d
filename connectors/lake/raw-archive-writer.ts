import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Type } from 'avsc';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { RawRecord } from '../../schemas/records/raw-record';
import { encodeContainer, writerType } from './avro-container';
import {
  planArchiveFiles,
  type ArchiveFile,
  type ArchivedRecord,
  type LayoutOptions,
} from './raw-archive-layout';
import type { WriterSchemas } from './writer-schemas';

export interface RawArchiveWriterOptions extends LayoutOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly schemas: WriterSchemas;
  readonly logger: Logger;
}

/** What one write did. */
export interface ArchiveWriteResult {
  readonly files: string[];
  readonly records: number;
  /** Records that are not Avro of a known schema: no file can hold them (their dead letters can). */
  readonly skipped: number;
}

/** An archived record with its value as its writer's schema decodes it. */
interface DecodedRecord extends ArchivedRecord {
  readonly value: unknown;
}

/** Objects written at once: a commit's files go out in parallel, a few at a time. */
const PARALLEL_PUTS = 4;

/**
 * Writes raw Kafka records to the lake as Avro object container files, one per run of records cut
 * by {@link planArchiveFiles}, each under a name that comes from its first offset. Writing the same
 * records again writes the same objects with the same bytes.
 */
export class RawArchiveWriter {
  private readonly types = new Map<number, Type>();

  constructor(private readonly options: RawArchiveWriterOptions) {}

  async write(records: readonly RawRecord[]): Promise<ArchiveWriteResult> {
    const archived: ArchivedRecord[] = [];
    for (const record of records) {
      const parsed = parseWireFormat(record);
      if (parsed) archived.push(parsed);
    }
    const readable = await this.decode(archived);
    const files = planArchiveFiles(readable, this.options);
    for (let i = 0; i < files.length; i += PARALLEL_PUTS) {
      await Promise.all(files.slice(i, i + PARALLEL_PUTS).map((file) => this.put(file)));
    }
    const skipped = records.length - readable.length;
    if (skipped > 0) {
      this.options.logger.warn(
        { skipped },
        'raw archive skipped records that are not Avro of a known schema',
      );
    }
    return { files: files.map((file) => file.key), records: readable.length, skipped };
  }

  /**
   * The records whose schema the registry knows and whose body that schema decodes, each with its
   * decoded value: the file is encoded from it.
   */
  private async decode(records: ArchivedRecord[]): Promise<DecodedRecord[]> {
    for (const id of new Set(records.map((record) => record.schemaId))) await this.loadType(id);
    const decoded: DecodedRecord[] = [];
    for (const record of records) {
      // An unknown schema has no type: its records are skipped.
      const type = this.types.get(record.schemaId);
      const value = type && decodeBody(type, record.body);
      if (value) decoded.push({ ...record, value: value.value });
    }
    return decoded;
  }

  /** Loads the writer type of a schema id, unless the registry does not know it. */
  private async loadType(id: number): Promise<void> {
    if (this.types.has(id)) return;
    try {
      this.types.set(id, writerType(await this.options.schemas.text(id)));
    } catch (error) {
      if (error instanceof AppError && error.code === 'SERDE_UNKNOWN_SCHEMA') return;
      throw error;
    }
  }

  private async put(file: ArchiveFile<DecodedRecord>): Promise<void> {
    const schema = await this.options.schemas.text(file.schemaId);
    const last = file.records.at(-1) as DecodedRecord;
    const body = await encodeContainer(
      schema,
      file.records.map((record) => record.value),
      file.key,
      {
        'kafka.topic': file.topic,
        'kafka.partition': String(file.partition),
        'kafka.offset.first': String(file.records[0]?.offset),
        'kafka.offset.last': String(last.offset),
        'schema.registry.id': String(file.schemaId),
      },
    );
    try {
      await this.options.s3.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: file.key,
          Body: body,
          ContentType: 'avro/binary',
        }),
      );
    } catch (error) {
      throw new AppError('STORAGE_UNAVAILABLE', `raw archive could not write ${file.key}: ${String(error)}`, {
        cause: error,
      });
    }
  }
}

/** The body decoded with its writer's type, or undefined when that type cannot read it. */
function decodeBody(type: Type, body: Buffer): { value: unknown } | undefined {
  try {
    return { value: type.fromBuffer(body) };
  } catch {
    return undefined;
  }
}

/** The Confluent wire format: magic byte 0, a 4-byte schema id, the Avro body. */
function parseWireFormat(record: RawRecord): ArchivedRecord | undefined {
  const { value } = record;
  if (!value || value.length < 5 || value.readUInt8(0) !== 0) return undefined;
  return {
    topic: record.topic,
    partition: record.partition,
    offset: BigInt(record.offset),
    timestamp: record.timestamp,
    schemaId: value.readInt32BE(1),
    body: value.subarray(5),
  };
}
