/**
 * The generator's call to the Confluent-compatible registry, over plain fetch: it registers the
 * value schema. The ceiling reads writer schemas with the product's fetchSchemaText.
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

async function answer(response: Response, what: string): Promise<unknown> {
  if (!response.ok) {
    throw new Error(`registry answered ${response.status} ${what}: ${(await response.text()).slice(0, 300)}`);
  }
  return response.json();
}

function base(registryUrl: string): string {
  return registryUrl.replace(/\/+$/, '');
}
