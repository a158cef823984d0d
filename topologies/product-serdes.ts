import type { Schema } from 'avsc';
import { AppError, type ErrorCode } from '../platform/errors';
import { type AvroSerde, valueSchemaText } from '../schemas/serde/avro-serde';
import type { TopicName } from '../schemas/topics';
import { type Serde, StreamsError, confluentAvroSerde } from './engine';

/** The engine's serde errors under the product's codes, so dead letters read as the connectors' do. */
const PRODUCT_CODES: Partial<Record<string, ErrorCode>> = {
  STREAMS_DESERIALIZATION_FAILED: 'SERDE_CORRUPT_RECORD',
  STREAMS_SCHEMA_UNKNOWN: 'SERDE_UNKNOWN_SCHEMA',
  STREAMS_REGISTRY_UNAVAILABLE: 'REGISTRY_UNAVAILABLE',
};

function productError(error: unknown): unknown {
  if (!(error instanceof StreamsError)) return error;
  const code = PRODUCT_CODES[error.code];
  return code === undefined ? error : new AppError(code, error.message, { cause: error });
}

/**
 * A topic's values as the stream engine reads and writes them: Confluent-framed Avro, decoded
 * synchronously once a schema id is known. Writing needs the topic's registered id, so the serde
 * is made once the product has registered its schemas.
 */
export async function productAvroSerde<T>(
  serde: AvroSerde,
  registryUrl: string,
  topic: TopicName,
): Promise<Serde<T>> {
  const id = await serde.register(topic);
  const schema = JSON.parse(valueSchemaText(topic)) as Schema;
  const engine = confluentAvroSerde<T>({ registryUrl, writer: { id, schema } });
  return {
    serialize: (value, at) => engine.serialize(value, at),
    deserialize: (data, at) => {
      try {
        const value = engine.deserialize(data, at);
        return value instanceof Promise
          ? value.catch((error: unknown) => Promise.reject(productError(error)))
          : value;
      } catch (error) {
        throw productError(error);
      }
    },
  };
}
