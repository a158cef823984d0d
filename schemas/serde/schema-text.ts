import { AppError } from '../../platform/errors';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const TIMEOUT_MS = 10_000;

/**
 * The text of the schema registered under `id` (`GET /schemas/ids/{id}` of the Confluent API).
 * An unknown id is SERDE_UNKNOWN_SCHEMA; a registry that is unreachable, answers after `timeoutMs`,
 * fails or answers without the text is REGISTRY_UNAVAILABLE (retriable).
 */
export async function fetchSchemaText(
  registryUrl: string,
  id: number,
  timeoutMs = TIMEOUT_MS,
): Promise<string> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${registryUrl.replace(/\/+$/, '')}/schemas/ids/${id}`, {
      headers: { accept: CONTENT_TYPE },
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read to the end whatever the status: an unread body holds its socket, and the process, open.
    text = await response.text();
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
  const schema = parseSchema(text);
  if (schema === undefined) {
    throw new AppError('REGISTRY_UNAVAILABLE', `schema registry answered schema ${id} without its text`);
  }
  return schema;
}

function parseSchema(text: string): string | undefined {
  try {
    const { schema } = JSON.parse(text) as { schema?: unknown };
    return typeof schema === 'string' ? schema : undefined;
  } catch {
    return undefined;
  }
}
