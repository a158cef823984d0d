import type { Request, Response } from 'express';
import type { z } from 'zod';
import { AppError } from '../../platform/errors';
import type { Permission } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { requestCookies } from './cookies';

/**
 * A success body serialized already (a cached answer, as Redis gave it), sent as it is: no
 * decoding, parsing or encoding on the way. Still checked against the route's response schema
 * where responses are checked.
 */
export class SerializedJson {
  constructor(readonly json: Buffer) {}
}

/**
 * Where a route's parameters can come from: another operation's success answer, read with runtime
 * expressions such as `$response.body#/id`. The document states it as an OpenAPI link on that
 * answer; clients and Schemathesis's stateful phase follow it (create a resource, then use it).
 */
export interface ParametersFrom {
  operationId: string;
  parameters: Record<string, string>;
}

/**
 * One kind of Server-Sent Event a streaming route sends: its `data` is JSON of `data`, a schema
 * or the name of a schema another route's contract names (`.meta({ id })`).
 */
export interface RouteEvent {
  description: string;
  data: z.ZodType | string;
  /** Whether the event carries an `id:` line. */
  id?: boolean;
}

/** Who may call a route: anyone, any signed-in caller, or callers whose role has a permission. */
export type Access = 'public' | 'signed-in' | Permission;

type PrincipalFor<A extends Access> = A extends 'public' ? undefined : Principal;

export interface RouteContext<A extends Access, P, Q, B, C = undefined, H = undefined> {
  principal: PrincipalFor<A>;
  params: P;
  query: Q;
  body: B;
  /** The cookies the route declares, validated. */
  cookies: C;
  /** The request headers the route declares (by their lower-case names), validated. */
  headers: H;
  req: Request;
  res: Response;
}

/** A route as written: its contract (schemas), who may call it, and what it does. */
export interface RouteDefinition<A extends Access, P, Q, B, R, C = undefined, H = undefined> {
  /** The OpenAPI operationId; unique. */
  id: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express-style path (`/v1/channels/:channel`). */
  path: string;
  summary: string;
  tag: string;
  access: A;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Cookies the route reads: an object schema, one OpenAPI cookie parameter per property. */
  cookies?: z.ZodType<C>;
  /** Headers the route reads beyond authentication: lower-case names, one header parameter each. */
  headers?: z.ZodType<H>;
  /** The success body; omitted for 204 and for routes that stream (CSV, SSE). */
  response?: z.ZodType<R>;
  /** The success status (200 by default). */
  status?: number;
  /** Media type of a streamed success body, for the OpenAPI document. */
  produces?: string;
  /** Answers beyond the usual ones, for the OpenAPI document: a redirect, or a route's own errors. */
  otherResponses?: Record<number, string>;
  /** The events of a `text/event-stream` route, by event name. */
  events?: Record<string, RouteEvent>;
  /** Operations whose success answers give this route's parameters. */
  parametersFrom?: ParametersFrom[];
  /** What the document adds to the operation's description: rules no schema keyword can say. */
  description?: string;
  handle(context: RouteContext<A, P, Q, B, C, H>): Promise<R | SerializedJson | undefined>;
}

/** A route ready to mount and to describe: its contract, and `run`, which validates first. */
export interface ApiRoute {
  id: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  access: Access;
  status: number;
  produces?: string;
  otherResponses?: Record<number, string>;
  events?: Record<string, RouteEvent>;
  parametersFrom?: ParametersFrom[];
  description?: string;
  schemas: {
    params?: z.ZodType;
    query?: z.ZodType;
    body?: z.ZodType;
    cookies?: z.ZodType;
    headers?: z.ZodType;
    response?: z.ZodType;
  };
  /** Resolves with the body to send as JSON, or undefined when the handler answered itself. */
  run(input: { principal?: Principal; req: Request; res: Response }): Promise<unknown>;
}

/** Where a value of a request comes from, as OpenAPI names it (the body aside). */
type RequestPart = 'path' | 'query' | 'body' | 'cookie' | 'header';

/** Parses one part of a request; VALIDATION_FAILED names every problem and where it is. */
function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: RequestPart): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', `invalid request ${where}`, {
    details: {
      issues: result.error.issues.map((issue) => ({
        in: where,
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    },
  });
}

/**
 * The answer of a handler that changes or removes one resource by id: nothing (a 204) when it
 * was found, NOT_FOUND with `message` when there was none.
 */
export function foundOrNotFound(found: boolean, message: string): undefined {
  if (!found) throw new AppError('NOT_FOUND', message);
  return undefined;
}

export function route<
  A extends Access,
  P = undefined,
  Q = undefined,
  B = undefined,
  R = unknown,
  C = undefined,
  H = undefined,
>(definition: RouteDefinition<A, P, Q, B, R, C, H>): ApiRoute {
  const { id, method, path, summary, tag, access, produces, otherResponses, events, description } =
    definition;
  return {
    id,
    method,
    path,
    summary,
    tag,
    access,
    produces,
    otherResponses,
    events,
    parametersFrom: definition.parametersFrom,
    description,
    status: definition.status ?? 200,
    schemas: {
      params: definition.params,
      query: definition.query,
      body: definition.body,
      cookies: definition.cookies,
      headers: definition.headers,
      response: definition.response,
    },
    run: async ({ principal, req, res }) =>
      definition.handle({
        principal: principal as PrincipalFor<A>,
        params: parse(definition.params, req.params, 'path'),
        query: parse(definition.query, req.query, 'query'),
        body: parse(definition.body, req.body, 'body'),
        cookies: parse(
          definition.cookies,
          definition.cookies && requestCookies(req.headers.cookie),
          'cookie',
        ),
        headers: parse(definition.headers, req.headers, 'header'),
        req,
        res,
      }),
  };
}
