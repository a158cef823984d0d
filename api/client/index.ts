import createClient, { type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };

/** A schema the document names (`components/schemas`), such as `ChannelMetrics` or `Error`. */
export type ApiSchema<Name extends keyof components['schemas']> = components['schemas'][Name];

/**
 * A typed client of the API, from the types generated from its OpenAPI document (schema.ts): paths,
 * parameters, bodies and answers are checked by the compiler, so a caller cannot drift from the
 * API. `baseUrl` is the API's origin; credentials go in `headers` (Authorization or X-API-Key).
 */
export function createApiClient(baseUrl: string, options: Omit<ClientOptions, 'baseUrl'> = {}) {
  return createClient<paths>({ ...options, baseUrl });
}
