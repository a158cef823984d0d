import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../../test/support/eventually';
import { fetchSchemaText } from './schema-text';

/** More than the sockets' buffers hold: the server finishes sending only if the client reads. */
const LARGE_BODY = Buffer.alloc(16 * 1024 * 1024, 'x');

/** A registry's `/schemas/ids/:id`: 7 is known, 8 fails with a large body, 6 answers no text, 5 never answers. */
describe('fetchSchemaText', () => {
  let server: Server;
  let url: string;
  let failedAnswersSent = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/ccompat/schemas/ids/7') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ schema: '"string"' }));
      } else if (request.url === '/ccompat/schemas/ids/8') {
        response.on('finish', () => (failedAnswersSent += 1));
        response.writeHead(503, { 'content-type': 'text/plain' }).end(LARGE_BODY);
      } else if (request.url === '/ccompat/schemas/ids/6') {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html>a proxy</html>');
      } else if (request.url === '/ccompat/schemas/ids/5') {
        // Never answers: the timeout ends the call.
      } else {
        response.writeHead(404).end(JSON.stringify({ error_code: 40403 }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ccompat/`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers the registered text by id', async () => {
    expect(await fetchSchemaText(url, 7)).toBe('"string"');
  });

  it('names an unknown id (not retriable) apart from a registry that fails, times out or answers no text (retriable)', async () => {
    await expect(fetchSchemaText(url, 9)).rejects.toMatchObject({
      code: 'SERDE_UNKNOWN_SCHEMA',
      retriable: false,
    });
    await expect(fetchSchemaText(url, 8)).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      retriable: true,
    });
    await expect(fetchSchemaText(url, 6)).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    await expect(fetchSchemaText(url, 5, 200)).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
  });

  it('reads a failed answer to its end: an unread body would hold its socket, and the process, open', async () => {
    failedAnswersSent = 0;
    await expect(fetchSchemaText(url, 8)).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    await eventually(
      async () => failedAnswersSent,
      (sent) => sent === 1,
      2000,
      20,
    );
  });
});
