import { z } from 'zod';
import { openApiDocument } from './openapi';
import { type ApiRoute, route } from './route';

const Item = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'Item' });
const handle = async () => undefined;

const routes: ApiRoute[] = [
  route({
    id: 'createItem',
    method: 'post',
    path: '/v1/items',
    summary: 'Create',
    tag: 'items',
    access: 'signed-in',
    status: 201,
    body: z.object({ name: z.string().email() }).strict(),
    response: Item,
    handle,
  }),
  route({
    id: 'listItems',
    method: 'get',
    path: '/v1/items',
    summary: 'List',
    tag: 'items',
    access: 'signed-in',
    response: z.object({ items: z.array(Item) }),
    handle,
  }),
  route({
    id: 'deleteItem',
    method: 'delete',
    path: '/v1/items/:item_id',
    summary: 'Delete',
    tag: 'items',
    access: 'signed-in',
    params: z.object({ item_id: z.uuid() }).strict(),
    parametersFrom: [{ operationId: 'createItem', parameters: { item_id: '$response.body#/id' } }],
    handle,
  }),
  route({
    id: 'watchItems',
    method: 'get',
    path: '/v1/items/live',
    summary: 'Stream',
    tag: 'items',
    access: 'signed-in',
    produces: 'text/event-stream',
    events: { item: { description: 'An item', data: 'Item', id: true } },
    handle,
  }),
];

/** Every `$ref` in `value`. */
const refs = (value: unknown): string[] =>
  [...JSON.stringify(value).matchAll(/"\$ref":"([^"]*)"/g)].map((match) => match[1]!);

describe('openApiDocument', () => {
  const document = openApiDocument(routes, '1.0.0') as {
    paths: Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>>;
    components: { schemas: Record<string, Record<string, unknown>> };
  };

  it('puts named schemas in components/schemas, where every $ref points', () => {
    expect(Object.keys(document.components.schemas).sort()).toEqual(['Error', 'Item']);
    expect(refs(document).length).toBeGreaterThan(0);
    for (const ref of refs(document)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas).toHaveProperty(ref.split('/').pop()!);
    }
    expect(JSON.stringify(document)).not.toContain('$defs');
    expect(JSON.stringify(document)).not.toContain('$schema');
  });

  it('turns a route’s parametersFrom into a link on the source’s success answer', () => {
    expect(document.paths['/v1/items']!.post!.responses['201']!.links).toEqual({
      deleteItem: { operationId: 'deleteItem', parameters: { item_id: '$response.body#/id' } },
    });
  });

  it('describes each event of a stream, its data as JSON of a named schema', () => {
    const stream = document.paths['/v1/items/live']!.get!.responses['200']!.content as Record<
      string,
      { schema: { oneOf: Record<string, unknown>[] } }
    >;
    expect(stream['text/event-stream']!.schema.oneOf[0]).toMatchObject({
      required: ['event', 'data', 'id'],
      properties: {
        event: { const: 'item' },
        data: { contentMediaType: 'application/json', contentSchema: { $ref: '#/components/schemas/Item' } },
      },
    });
  });

  it('states an email by its pattern alone, the rule the server checks', () => {
    const body = JSON.stringify(document.paths['/v1/items']!.post);
    expect(body).toContain('"pattern"');
    expect(body).not.toContain('"format":"email"');
  });

  it('states the cookies and headers a route reads as cookie and header parameters', () => {
    const withCookie = route({
      id: 'renew',
      method: 'post',
      path: '/v1/renew',
      summary: 'Renew',
      tag: 'items',
      access: 'public',
      cookies: z.object({ session: z.string().min(20).optional().describe('The session.') }),
      headers: z.object({ 'x-check': z.string().max(64).optional() }),
      handle,
    });
    const { paths } = openApiDocument([withCookie], '1') as {
      paths: Record<string, Record<string, { parameters: unknown[] }>>;
    };
    expect(paths['/v1/renew']!.post!.parameters).toEqual([
      {
        name: 'session',
        in: 'cookie',
        required: false,
        schema: expect.objectContaining({ type: 'string', minLength: 20 }),
        description: 'The session.',
      },
      { name: 'x-check', in: 'header', required: false, schema: expect.objectContaining({ maxLength: 64 }) },
    ]);
  });

  it('refuses two different schemas under one name, and links to unknown operations', () => {
    const Other = z.object({ id: z.string() }).meta({ id: 'Item' });
    const clash = route({ ...routes[1]!, id: 'other', response: Other, handle } as never);
    expect(() => openApiDocument([...routes, clash], '1')).toThrow(/two different schemas are named Item/);
    const dangling = route({
      id: 'dangling',
      method: 'delete',
      path: '/v1/other/:id',
      summary: 'x',
      tag: 'x',
      access: 'signed-in',
      params: z.object({ id: z.string() }),
      parametersFrom: [{ operationId: 'nowhere', parameters: { id: '$response.body#/id' } }],
      handle,
    });
    expect(() => openApiDocument([...routes, dangling], '1')).toThrow(/unknown nowhere/);
  });
});
