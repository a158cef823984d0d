import { AppError } from '../../platform/errors';

const TIMEOUT_MS = 10_000;

/**
 * The schemas records were written with, by registry id, as the registry holds their text
 * (`GET /schemas/ids/{id}` of the Confluent API). An archive file carries its writer's schema in its
 * header, so it is read without the registry. Ids never change meaning: answers are cached forever.
 */
export class WriterSchemas {
  private readonly cache = new Map<number, Promise<string>>();

  constructor(private readonly registryUrl: string) {}

  /** The schema text; unknown ids are SERDE_UNKNOWN_SCHEMA, an unreachable registry REGISTRY_UNAVAILABLE. */
  text(id: number): Promise<string> {
    let text = this.cache.get(id);
    if (!text) {
      text = this.fetch(id);
      this.cache.set(id, text);
      text.catch(() => this.cache.delete(id));
    }
    return text;
  }

  private async fetch(id: number): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${this.registryUrl}/schemas/ids/${id}`, {
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new AppError('REGISTRY_UNAVAILABLE', `schema registry unreachable: ${String(error)}`, {
        cause: error,
      });
    }
    if (response.status === 404) {
      throw new AppError('SERDE_UNKNOWN_SCHEMA', `schema id ${id} is unknown to the registry`);
    }
    if (!response.ok) {
      throw new AppError(
        'REGISTRY_UNAVAILABLE',
        `schema registry answered ${response.status} for schema ${id}`,
      );
    }
    const body = (await response.json()) as { schema?: unknown };
    if (typeof body.schema !== 'string') {
      throw new AppError('REGISTRY_UNAVAILABLE', `schema registry answered schema ${id} without its text`);
    }
    return body.schema;
  }
}
