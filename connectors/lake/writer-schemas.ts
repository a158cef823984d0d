import { fetchSchemaText } from '../../schemas/serde/schema-text';

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
      text = fetchSchemaText(this.registryUrl, id);
      this.cache.set(id, text);
      text.catch(() => this.cache.delete(id));
    }
    return text;
  }
}
