import { createHash } from 'node:crypto';
import { type Schema, Type, streams } from 'avsc';

/** What an archive file's header says besides its schema (Avro user metadata, bytes values). */
export type ContainerMetadata = Record<string, string>;

/**
 * Encodes values (decoded with {@link writerType} of `schemaText`) as one Avro object container
 * file (deflate blocks), with avsc's block encoder. The sync marker comes from `seed` instead of
 * randomness, so the same records give the same bytes: a replayed file equals the one it replaces.
 */
export async function encodeContainer(
  schemaText: string,
  values: readonly unknown[],
  seed: string,
  metadata: ContainerMetadata = {},
): Promise<Buffer> {
  const options = {
    codec: 'deflate',
    syncMarker: createHash('sha256').update(seed).digest().subarray(0, 16),
    metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'utf8')])),
  };
  // The parsed schema (not a type built from it) goes into the header: readers see the writer's
  // schema as it was registered, docs and all, only without its whitespace.
  const encoder = new streams.BlockEncoder(JSON.parse(schemaText) as Schema, options);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    encoder.on('end', () => resolve(Buffer.concat(chunks)));
    encoder.on('error', reject);
  });
  for (const value of values) encoder.write(value);
  encoder.end();
  return done;
}

/**
 * The type the block encoder builds from a schema text (avsc's default options): values decoded
 * with it and encoded again give the writer's bytes back.
 */
export function writerType(schemaText: string): Type {
  return Type.forSchema(JSON.parse(schemaText) as Schema);
}

/** Reads a container file back: its schema text, metadata and values (tests, tools). */
export async function decodeContainer(
  file: Buffer,
): Promise<{ schema: string; metadata: ContainerMetadata; values: unknown[] }> {
  const decoder = new streams.BlockDecoder();
  const values: unknown[] = [];
  let schema = '';
  let metadata: ContainerMetadata = {};
  const done = new Promise<void>((resolve, reject) => {
    decoder.on('metadata', (_type: Type, _codec: string, header: { meta: Record<string, Buffer> }) => {
      schema = header.meta['avro.schema']?.toString('utf8') ?? '';
      metadata = Object.fromEntries(Object.entries(header.meta).map(([k, v]) => [k, v.toString('utf8')]));
    });
    decoder.on('data', (value: unknown) => values.push(value));
    decoder.on('end', resolve);
    decoder.on('error', reject);
  });
  decoder.end(file);
  await done;
  return { schema, metadata, values };
}
