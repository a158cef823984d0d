import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../platform/errors';
import { VALUE_SCHEMA_FILES, type TopicName, type TopicNames } from '../topics';

const SCHEMA_DIR = join(__dirname, '..', 'avro');
const MAGIC_BYTE = 0;

/** A topic's value schema as its `.avsc` file holds it (schemas/avro/). */
export function valueSchemaText(topic: TopicName): string {
  return readFileSync(join(SCHEMA_DIR, VALUE_SCHEMA_FILES[topic]), 'utf8');
}

/**
 * Avro values in the Confluent wire format (magic byte, 4-byte schema id, Avro body) through a
 * Confluent-compatible registry. Subjects follow the topic name strategy (`<topic>-value`, with the
 * topic as named on the broker). Schema ids are registered once per topic and cached; decoded
 * schemas are cached by id inside the registry client.
 */
export class AvroSerde {
  private readonly registry: SchemaRegistry;
  private readonly ids = new Map<TopicName, Promise<number>>();

  constructor(
    registryUrl: string,
    private readonly topics: TopicNames,
  ) {
    this.registry = new SchemaRegistry({ host: registryUrl }, { forSchemaOptions: { wrapUnions: false } });
  }

  /** Registers a topic's value schema (BACKWARD compatible) once and returns its id. */
  async register(topic: TopicName): Promise<number> {
    let id = this.ids.get(topic);
    if (!id) {
      id = this.registerSchema(`${this.topics.of(topic)}-value`, valueSchemaText(topic));
      this.ids.set(topic, id);
      id.catch(() => this.ids.delete(topic));
    }
    return id;
  }

  async encode(topic: TopicName, value: object): Promise<Buffer> {
    const id = await this.register(topic);
    try {
      return await this.registry.encode(id, value);
    } catch (error) {
      throw new AppError(
        'VALIDATION_FAILED',
        `value does not fit the schema of ${topic}: ${message(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Decodes a record's value; unknown schema ids and corrupt bytes are typed errors. */
  async decode<T>(buffer: Buffer): Promise<T> {
    if (buffer.length < 5 || buffer.readUInt8(0) !== MAGIC_BYTE) {
      throw new AppError('SERDE_CORRUPT_RECORD', 'value is not in the Confluent wire format');
    }
    const id = buffer.readInt32BE(1);
    try {
      return (await this.registry.decode(buffer)) as T;
    } catch (error) {
      throw classifyDecodeError(error, id);
    }
  }

  /**
   * Registers an Avro schema under a subject, setting BACKWARD compatibility on first use. An
   * incompatible change is SCHEMA_INCOMPATIBLE; an unreachable registry is REGISTRY_UNAVAILABLE.
   */
  async registerSchema(subject: string, schema: string): Promise<number> {
    try {
      const { id } = await this.registry.register(
        { type: SchemaType.AVRO, schema },
        { subject, compatibility: COMPATIBILITY.BACKWARD },
      );
      return id;
    } catch (error) {
      if (isUnreachable(error)) {
        throw new AppError('REGISTRY_UNAVAILABLE', `schema registry unreachable: ${message(error)}`, {
          cause: error,
        });
      }
      if (
        isHttpStatus(error, 409) ||
        isHttpStatus(error, 422) ||
        hasName(error, 'ConfluentSchemaRegistryCompatibilityError')
      ) {
        throw new AppError(
          'SCHEMA_INCOMPATIBLE',
          `registry refused the schema of ${subject}: ${message(error)}`,
          {
            cause: error,
          },
        );
      }
      throw new AppError('REGISTRY_UNAVAILABLE', `schema registry failed: ${message(error)}`, {
        cause: error,
      });
    }
  }
}

function classifyDecodeError(error: unknown, id: number): AppError {
  if (isHttpStatus(error, 404)) {
    return new AppError('SERDE_UNKNOWN_SCHEMA', `schema id ${id} is unknown to the registry`, {
      cause: error,
    });
  }
  if (isUnreachable(error)) {
    return new AppError('REGISTRY_UNAVAILABLE', `schema registry unreachable: ${message(error)}`, {
      cause: error,
    });
  }
  return new AppError(
    'SERDE_CORRUPT_RECORD',
    `value cannot be decoded with schema ${id}: ${message(error)}`,
    {
      cause: error,
    },
  );
}

function isHttpStatus(error: unknown, status?: number): boolean {
  const got = (error as { status?: unknown } | null)?.status;
  return typeof got === 'number' && (status === undefined || got === status);
}

/** The registry client reports a refused connection as an HTTP 400 whose message names the errno. */
function isUnreachable(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 500) return true;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN|socket hang up|timeout/i.test(
    message(error),
  );
}

function hasName(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
