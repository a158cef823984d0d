import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { streams } from 'avsc';
import type { Readable } from 'node:stream';
import { AppError } from '../../platform/errors';
import { type RawPostRecord, isRawRecordOf, rawPostPayload } from '../../schemas/records/raw-post';
import { archivePrefixes, pickArchiveFile, pickRecord } from './raw-archive-locate';

export interface RawArchiveReaderOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** The `<source>` folder of a broker-side topic name, as the writer names it; undefined if not archived. */
  readonly sourceOf: (topic: string) => string | undefined;
  /** How long one S3 call may take before the read fails as LAKE_UNAVAILABLE (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * Reads a post's raw record back from the lake's raw archive (docs/lake.md, "Reading a raw
 * message back"): lists the record's day folders for its topic and partition, picks the file
 * whose first offset is the largest at or before the record's, and decodes that file's records
 * only up to the record's position, streaming, so a file is read as far as the record and no
 * further.
 */
export class RawArchiveReader {
  constructor(private readonly options: RawArchiveReaderOptions) {}

  /**
   * The post's payload as its raw record holds it (schemas/records/raw-post.ts), or null when the
   * archive holds no such record (not archived yet, expired by the bucket's lifecycle, a topic the
   * archive does not keep). A lake that cannot be listed or read fails as LAKE_UNAVAILABLE.
   */
  async payloadOf(post: RawPostRecord): Promise<string | null> {
    const folder = this.options.sourceOf(post.topic);
    if (folder === undefined) return null;
    const listings = await Promise.all(archivePrefixes(folder, post).map((prefix) => this.list(prefix)));
    const file = pickArchiveFile(listings.flat(), post);
    if (!file) return null;
    const position = Number(BigInt(post.offset) - file.firstOffset);
    const values = await this.readUpTo(file.key, position, BigInt(post.offset));
    const record = pickRecord(values, position, (value) => isRawRecordOf(post, value));
    return record === undefined ? null : rawPostPayload(post.source, record);
  }

  private async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('be listed', (abortSignal) =>
        this.options.s3.send(
          new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }),
          { abortSignal },
        ),
      );
      keys.push(...(page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /**
   * The file's values from its first up to `position` (fewer when the file ends first), or none
   * when its header says its last offset is before `offset`: the record is in a later file.
   */
  private async readUpTo(key: string, position: number, offset: bigint): Promise<unknown[]> {
    return this.call('be read', async (abortSignal) => {
      let body: Readable;
      try {
        const answer = await this.options.s3.send(
          new GetObjectCommand({ Bucket: this.options.bucket, Key: key }),
          { abortSignal },
        );
        body = answer.Body as Readable;
      } catch (error) {
        // Listed, then gone (the bucket's lifecycle expired it in between): no record.
        if (error instanceof NoSuchKey) return [];
        throw error;
      }
      const decoder = new streams.BlockDecoder();
      let last: bigint | undefined;
      decoder.on('metadata', (_type: unknown, _codec: string, header: { meta: Record<string, Buffer> }) => {
        const text = header.meta['kafka.offset.last']?.toString('utf8');
        last = text === undefined ? undefined : BigInt(text);
      });
      body.on('error', (error: Error) => decoder.destroy(error));
      const values: unknown[] = [];
      try {
        for await (const value of body.pipe(decoder) as AsyncIterable<unknown>) {
          // The header came first: it says whether the record can be in this file at all.
          if (last !== undefined && last < offset) return [];
          values.push(value);
          if (values.length > position) break;
        }
      } finally {
        body.destroy();
      }
      return values;
    });
  }

  /**
   * One S3 call under the deadline; any failure is LAKE_UNAVAILABLE (retriable). Its message goes to
   * API callers, so it names no key, bucket or endpoint: those are in its cause, which is logged.
   */
  private async call<T>(what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await run(AbortSignal.timeout(this.options.timeoutMs ?? 10_000));
    } catch (error) {
      throw new AppError('LAKE_UNAVAILABLE', `the lake's raw archive could not ${what}; retry`, {
        cause: error,
      });
    }
  }
}
