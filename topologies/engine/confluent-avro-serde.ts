import avro from 'avsc';
import { StreamsError } from './errors';
import type { Serde } from './serdes';

const MAGIC = 0;
const HEADER = 5;

export interface ConfluentAvroOptions {
  /** The Confluent-compatible API of the schema registry (e.g. `.../apis/ccompat/v7`). */
  readonly registryUrl: string;
  /** For writing: the registered id and schema of the values this serde produces. */
  readonly writer?: { readonly id: number; readonly schema: avro.Schema };
  /** How long a schema lookup may take before it fails as REGISTRY_UNAVAILABLE (default 10 s). */
  readonly registryTimeoutMs?: number;
}

/**
 * Avro in the Confluent wire format (magic byte, schema id, Avro body). Writer schemas are read
 * from the registry once per id and cached; only a record with an id not seen before costs a
 * promise, so the hot path stays synchronous. Unknown ids and corrupt bytes fail with the
 * serde error codes, which the runtime's dead-letter policy routes.
 */
export function confluentAvroSerde<T>(options: ConfluentAvroOptions): Serde<T> {
  const types = new Map<number, avro.Type>();
  const base = options.registryUrl.replace(/\/+$/, '');
  const writer = options.writer ? avro.Type.forSchema(options.writer.schema) : undefined;

  const load = async (id: number): Promise<avro.Type> => {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${base}/schemas/ids/${id}`, {
        headers: { accept: 'application/vnd.schemaregistry.v1+json' },
        // A registry that stops answering must not hold a partition forever: the lookup fails as
        // REGISTRY_UNAVAILABLE, which the runtime never dead-letters; the record comes again.
        signal: AbortSignal.timeout(options.registryTimeoutMs ?? 10_000),
      });
      // Read to the end whatever the status: an unread body holds its socket, and the process, open.
      text = await response.text();
    } catch (error) {
      throw new StreamsError(
        'STREAMS_REGISTRY_UNAVAILABLE',
        `registry unreachable for schema ${id}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    if (response.status === 404)
      throw new StreamsError('STREAMS_SCHEMA_UNKNOWN', `schema id ${id} is not in the registry`);
    if (!response.ok)
      throw new StreamsError(
        'STREAMS_REGISTRY_UNAVAILABLE',
        `registry answered ${response.status} for schema ${id}`,
      );
    let type: avro.Type;
    try {
      const body = JSON.parse(text) as { schema: string };
      type = avro.Type.forSchema(JSON.parse(body.schema) as avro.Schema);
    } catch (error) {
      throw new StreamsError(
        'STREAMS_REGISTRY_UNAVAILABLE',
        `registry answered no usable schema for id ${id}`,
        {
          cause: error,
        },
      );
    }
    types.set(id, type);
    return type;
  };

  const decode = (type: avro.Type, data: Buffer, id: number): T => {
    try {
      return type.fromBuffer(data.subarray(HEADER)) as T;
    } catch (error) {
      throw new StreamsError(
        'STREAMS_DESERIALIZATION_FAILED',
        `value does not decode with schema ${id}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  };

  return {
    serialize: (value) => {
      if (value === null || value === undefined) return null;
      if (writer === undefined || options.writer === undefined) {
        throw new StreamsError('STREAMS_TOPOLOGY_INVALID', 'confluentAvroSerde needs `writer` to serialize');
      }
      const body = writer.toBuffer(value);
      const out = Buffer.allocUnsafe(HEADER + body.length);
      out.writeUInt8(MAGIC, 0);
      out.writeInt32BE(options.writer.id, 1);
      body.copy(out, HEADER);
      return out;
    },
    deserialize: (data) => {
      if (data === null) return null as T;
      if (data.length < HEADER || data[0] !== MAGIC) {
        throw new StreamsError('STREAMS_DESERIALIZATION_FAILED', 'value is not in the Confluent wire format');
      }
      const id = data.readInt32BE(1);
      const type = types.get(id);
      return type !== undefined
        ? decode(type, data, id)
        : load(id).then((loaded) => decode(loaded, data, id));
    },
  };
}
