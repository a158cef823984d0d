/**
 * The two calls the benchmark makes to the Confluent-compatible registry, over plain fetch: the
 * generator registers the value schema, the ceiling reads a writer schema by id.
 */
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** Registers an Avro schema under `subject` (e.g. `<topic>-value`) and returns its id. */
export async function registerSchema(registryUrl: string, subject: string, schema: string): Promise<number> {
  const response = await fetch(`${base(registryUrl)}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE },
    body: JSON.stringify({ schemaType: 'AVRO', schema }),
  });
  const body = (await answer(response, `registering ${subject}`)) as { id?: unknown };
  if (typeof body.id !== 'number') throw new Error(`registry gave no schema id for ${subject}`);
  return body.id;
}

/** The schema text registered under `id`. */
export async function fetchSchema(registryUrl: string, id: number): Promise<string> {
  const response = await fetch(`${base(registryUrl)}/schemas/ids/${id}`, {
    headers: { accept: CONTENT_TYPE },
  });
  const body = (await answer(response, `reading schema ${id}`)) as { schema?: unknown };
  if (typeof body.schema !== 'string') throw new Error(`registry gave no schema text for id ${id}`);
  return body.schema;
}

async function answer(response: Response, what: string): Promise<unknown> {
  if (!response.ok) {
    throw new Error(`registry answered ${response.status} ${what}: ${(await response.text()).slice(0, 300)}`);
  }
  return response.json();
}

function base(registryUrl: string): string {
  return registryUrl.replace(/\/+$/, '');
}
