import { ERROR_CODES } from '../../platform/errors';
import { type JsonSchema, SchemaComponents, componentRef } from './openapi-schemas';
import type { ApiRoute, RouteEvent } from './route';

/** Path, query, cookie or header parameters from an object schema: one parameter per property. */
function parameters(
  components: SchemaComponents,
  schema: ApiRoute['schemas']['params'],
  where: 'path' | 'query' | 'cookie' | 'header',
): JsonSchema[] {
  if (!schema) return [];
  const object = components.describe(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

const ERROR_STATUS_TEXT: Record<number, string> = {
  400: 'Invalid request (VALIDATION_FAILED, INVALID_JSON, BAD_REQUEST)',
  401: 'Not signed in, or a bad, expired or revoked token or key',
  402: 'The plan does not allow this (PLAN_UPGRADE_REQUIRED names the plan that would)',
  403: "The caller's role lacks the route's permission",
  404: 'Not found in your organization',
  409: 'Conflict',
  429: 'Rate limited (Retry-After)',
  503: 'A dependency is unavailable; retry (Retry-After)',
};

const errorAnswer = (description: string): JsonSchema => ({
  description,
  content: { 'application/json': { schema: componentRef('Error') } },
});

/**
 * One Server-Sent Event kind as the document describes an event of a stream (OpenAPI 3.1 has no
 * `itemSchema` yet: a `text/event-stream` schema describes one event): its name, and its `data`
 * as JSON of the event's schema (`contentSchema`, which Schemathesis checks).
 */
function eventSchema(components: SchemaComponents, name: string, event: RouteEvent): JsonSchema {
  const data =
    typeof event.data === 'string' ? componentRef(event.data) : components.describe(event.data, 'output');
  return {
    type: 'object',
    description: event.description,
    required: ['event', 'data', ...(event.id ? ['id'] : [])],
    properties: {
      event: { const: name },
      data: { type: 'string', contentMediaType: 'application/json', contentSchema: data },
      id: { type: 'string' },
      retry: { type: 'integer', minimum: 0 },
    },
  };
}

function successAnswer(components: SchemaComponents, apiRoute: ApiRoute, links: Links): JsonSchema {
  if (apiRoute.schemas.response) {
    const schema = components.describe(apiRoute.schemas.response, 'output');
    return { description: 'OK', content: { 'application/json': { schema } }, ...linksOf(links, apiRoute.id) };
  }
  if (apiRoute.produces && apiRoute.events) {
    const events = Object.entries(apiRoute.events).map(([name, event]) =>
      eventSchema(components, name, event),
    );
    return {
      description: `A stream of events: ${Object.keys(apiRoute.events).join(', ')}`,
      content: { [apiRoute.produces]: { schema: { oneOf: events } } },
    };
  }
  if (apiRoute.produces) {
    return { description: 'OK', content: { [apiRoute.produces]: { schema: { type: 'string' } } } };
  }
  return { description: 'Done; no content', ...linksOf(links, apiRoute.id) };
}

/** The links of each operation's success answer: link name to link, by source operationId. */
type Links = Map<string, Record<string, JsonSchema>>;

/** Every route's `parametersFrom`, turned around: the links each source operation's answer offers. */
function linksBySource(routes: ApiRoute[]): Links {
  const ids = new Set(routes.map((apiRoute) => apiRoute.id));
  const links: Links = new Map();
  for (const target of routes) {
    for (const { operationId, parameters } of target.parametersFrom ?? []) {
      if (!ids.has(operationId)) throw new Error(`${target.id} takes parameters from unknown ${operationId}`);
      const offered = links.get(operationId) ?? {};
      offered[target.id] = { operationId: target.id, parameters };
      links.set(operationId, offered);
    }
  }
  return links;
}

const linksOf = (links: Links, id: string) => (links.has(id) ? { links: links.get(id) } : {});

function operation(components: SchemaComponents, apiRoute: ApiRoute, links: Links): JsonSchema {
  const errors =
    apiRoute.access === 'public' ? [400, 401, 409, 429, 503] : [400, 401, 402, 403, 404, 409, 429, 503];
  const others = Object.entries(apiRoute.otherResponses ?? {});
  return {
    operationId: apiRoute.id,
    summary: apiRoute.summary,
    ...(apiRoute.description ? { description: apiRoute.description } : {}),
    tags: [apiRoute.tag],
    security: apiRoute.access === 'public' ? [] : [{ bearerAuth: [] }, { apiKeyAuth: [] }],
    'x-permission': apiRoute.access,
    parameters: [
      ...parameters(components, apiRoute.schemas.params, 'path'),
      ...parameters(components, apiRoute.schemas.query, 'query'),
      ...parameters(components, apiRoute.schemas.cookies, 'cookie'),
      ...parameters(components, apiRoute.schemas.headers, 'header'),
    ],
    ...(apiRoute.schemas.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: components.describe(apiRoute.schemas.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(apiRoute.status)]: successAnswer(components, apiRoute, links),
      ...Object.fromEntries(
        errors.map((status) => [String(status), errorAnswer(ERROR_STATUS_TEXT[status]!)]),
      ),
      ...(apiRoute.schemas.body
        ? { '413': errorAnswer('The body is larger than the route allows (PAYLOAD_TOO_LARGE)') }
        : {}),
      // Node's HTTP parser answers it, bodiless, before any route runs.
      '431': { description: 'The request line and headers exceed 16 KB' },
      ...Object.fromEntries(
        others.map(([status, description]) => [
          status,
          Number(status) >= 400
            ? errorAnswer(description)
            : { description, headers: { Location: { schema: { type: 'string', format: 'uri' } } } },
        ]),
      ),
    },
  };
}

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_CODES) },
        message: { type: 'string' },
        details: { type: 'object' },
      },
    },
  },
};

/**
 * The OpenAPI 3.1 document of the routes, built from the same schemas that validate requests:
 * named schemas (`.meta({ id })`) in `components/schemas`, every `$ref` resolvable, links between
 * operations, and the events of streaming routes.
 */
export function openApiDocument(routes: ApiRoute[], version: string): JsonSchema {
  const components = new SchemaComponents();
  components.add('Error', ERROR_SCHEMA);
  const links = linksBySource(routes);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const apiRoute of routes) {
    const path = apiRoute.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    (paths[path] ??= {})[apiRoute.method] = operation(components, apiRoute, links);
  }
  const missing = missingReferences({ paths, schemas: components.schemas }, components.schemas);
  if (missing.length > 0)
    throw new Error(`the OpenAPI document has references that do not resolve: ${missing.join(', ')}`);
  return {
    openapi: '3.1.0',
    info: {
      title: 'social-analytics API',
      version,
      description:
        'Telegram and X analytics. Errors always use the envelope `{ error: { code, message, details? } }`. ' +
        'A method a path does not have answers 405 METHOD_NOT_ALLOWED with an `Allow` header.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: components.schemas,
    },
  };
}

/** The references in `value` that do not name one of `schemas` (every one must, to resolve). */
function missingReferences(value: unknown, schemas: Record<string, JsonSchema>): string[] {
  const refs = [...JSON.stringify(value).matchAll(/"\$ref":"([^"]*)"/g)].map((match) => match[1]!);
  const prefix = '#/components/schemas/';
  return [...new Set(refs)].filter(
    (ref) => !ref.startsWith(prefix) || !(ref.slice(prefix.length) in schemas),
  );
}
