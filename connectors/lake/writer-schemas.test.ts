import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WriterSchemas } from './writer-schemas';

describe('WriterSchemas', () => {
  let server: Server;
  let url: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/ccompat/schemas/ids/7') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ schema: '"string"' }));
      } else if (request.url === '/ccompat/schemas/ids/8') {
        response.writeHead(503).end();
      } else {
        response.writeHead(404).end(JSON.stringify({ error_code: 40403 }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ccompat`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers the registered text by id, and asks the registry once per id', async () => {
    const schemas = new WriterSchemas(url);
    expect(await schemas.text(7)).toBe('"string"');
    expect(await schemas.text(7)).toBe('"string"');
    expect(requests.filter((path) => path.endsWith('/7'))).toHaveLength(1);
  });

  it('names an unknown id (not retriable) apart from a registry that fails (retriable), and asks again after a failure', async () => {
    const schemas = new WriterSchemas(url);
    await expect(schemas.text(9)).rejects.toMatchObject({ code: 'SERDE_UNKNOWN_SCHEMA', retriable: false });
    await expect(schemas.text(8)).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
    await expect(schemas.text(8)).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    expect(requests.filter((path) => path.endsWith('/8'))).toHaveLength(2);
  });
});
