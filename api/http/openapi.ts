import { z } from 'zod';
import { ERROR_CODES } from '../../platform/errors';
import type { ApiRoute } from './route';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;

/** Path or query parameters from an object schema: one parameter per property. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = schemaOf(schema, 'input') as {
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

function operation(apiRoute: ApiRoute): JsonSchema {
  const errors =
    apiRoute.access === 'public' ? [400, 401, 409, 429, 503] : [400, 401, 402, 403, 404, 409, 429, 503];
  const others = Object.entries(apiRoute.otherResponses ?? {});
  const success = apiRoute.schemas.response
    ? {
        description: 'OK',
        content: { 'application/json': { schema: schemaOf(apiRoute.schemas.response, 'output') } },
      }
    : apiRoute.produces
      ? { description: 'OK', content: { [apiRoute.produces]: { schema: { type: 'string' } } } }
      : { description: 'Done; no content' };
  return {
    operationId: apiRoute.id,
    summary: apiRoute.summary,
    tags: [apiRoute.tag],
    security: apiRoute.access === 'public' ? [] : [{ bearerAuth: [] }, { apiKeyAuth: [] }],
    'x-permission': apiRoute.access,
    parameters: [
      ...parameters(apiRoute.schemas.params, 'path'),
      ...parameters(apiRoute.schemas.query, 'query'),
    ],
    ...(apiRoute.schemas.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(apiRoute.schemas.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(apiRoute.status)]: success,
      ...Object.fromEntries(
        errors.map((status) => [
          String(status),
          {
            description: ERROR_STATUS_TEXT[status],
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
      ...Object.fromEntries(
        others.map(([status, description]) => [
          status,
          Number(status) >= 400
            ? {
                description,
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
              }
            : { description, headers: { Location: { schema: { type: 'string', format: 'uri' } } } },
        ]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document of the routes, built from the same schemas that validate requests. */
export function openApiDocument(routes: ApiRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const apiRoute of routes) {
    const path = apiRoute.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    (paths[path] ??= {})[apiRoute.method] = operation(apiRoute);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'social-analytics API',
      version,
      description:
        'Telegram and X analytics. Errors always use the envelope `{ error: { code, message, details? } }`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: {
        Error: {
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
        },
      },
    },
  };
}
