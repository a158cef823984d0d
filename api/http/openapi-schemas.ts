import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/**
 * The named schemas of an OpenAPI document, gathered while its operations are described. Zod
 * writes a schema named with `.meta({ id })` into `$defs` beside the schema that uses it, with a
 * `$ref` to `#/$defs/<id>`: inside an OpenAPI document that reference points at the document's
 * root, where nothing is. Each such definition moves to `components/schemas/<id>` instead, and its
 * references with it, so every `$ref` resolves and a client generator gets one named type per id.
 */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The JSON Schema of `schema` as a request (`input`) or an answer (`output`) carries it. */
  describe(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonSchema;
    const { $defs, ...rest } = json as JsonSchema & { $defs?: Record<string, JsonSchema> };
    // The document's dialect is OpenAPI 3.1's (JSON Schema 2020-12): no `$schema` per schema.
    delete rest.$schema;
    for (const [id, definition] of Object.entries($defs ?? {})) this.add(id, definition);
    return withComponentRefs(rest) as JsonSchema;
  }

  /** Adds a named schema; one name means one shape, so a second, different shape is a bug. */
  add(id: string, definition: JsonSchema): void {
    const schema = withComponentRefs(definition) as JsonSchema;
    const known = this.schemas[id];
    if (known && !isDeepStrictEqual(known, schema)) {
      throw new Error(`two different schemas are named ${id} (a request and an answer may need two names)`);
    }
    this.schemas[id] = schema;
  }
}

/**
 * `value` with every `#/$defs/<id>` reference pointing at `#/components/schemas/<id>`, and without
 * `format: email` where a `pattern` states the rule: validators read that format each their own
 * way (a local part over 64 characters, a label ending in a hyphen), and the pattern is exactly
 * what the server checks.
 */
function withComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withComponentRefs);
  if (value === null || typeof value !== 'object') return value;
  const object = value as JsonSchema;
  const emailByPattern = object.format === 'email' && typeof object.pattern === 'string';
  return Object.fromEntries(
    Object.entries(object)
      .filter(([key]) => !(emailByPattern && key === 'format'))
      .map(([key, inner]) =>
        key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')
          ? [key, COMPONENTS + inner.slice('#/$defs/'.length)]
          : [key, withComponentRefs(inner)],
      ),
  );
}

/** A reference to the named schema `id` of `components/schemas`. */
export const componentRef = (id: string): JsonSchema => ({ $ref: COMPONENTS + id });
