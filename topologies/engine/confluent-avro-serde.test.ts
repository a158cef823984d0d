import avro from 'avsc';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { confluentAvroSerde } from './confluent-avro-serde';

const schema: avro.Schema = { type: 'record', name: 'Count', fields: [{ name: 'n', type: 'long' }] };

/** A registry's `/schemas/ids/:id` as the Confluent API answers it: id 7 is known, 8 never answers. */
function registry(): Promise<{ url: string; server: Server; lookups: () => number }> {
  let lookups = 0;
  const server = createServer((req, res) => {
    lookups += 1;
    if (req.url === '/schemas/ids/7') {
      res.setHeader('content-type', 'application/vnd.schemaregistry.v1+json');
      res.end(JSON.stringify({ schema: JSON.stringify(schema) }));
    } else if (req.url === '/schemas/ids/8') {
      // holds the request open
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ error_code: 40403, message: 'Schema not found' }));
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        server,
        lookups: () => lookups,
      }),
    ),
  );
}

function framed(id: number, value: object): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, avro.Type.forSchema(schema).toBuffer(value)]);
}

describe('confluentAvroSerde', () => {
  let stub: Awaited<ReturnType<typeof registry>>;
  beforeAll(async () => {
    stub = await registry();
  });
  afterAll(() => {
    stub.server.closeAllConnections();
    stub.server.close();
  });

  it('reads a writer schema once per id, then decodes without waiting', async () => {
    const serde = confluentAvroSerde<{ n: number }>({ registryUrl: stub.url });
    const before = stub.lookups();
    await expect(serde.deserialize(framed(7, { n: 41 }), 'counts')).resolves.toEqual({ n: 41 });
    expect(serde.deserialize(framed(7, { n: 42 }), 'counts')).toEqual({ n: 42 });
    expect(stub.lookups() - before).toBe(1);
  });

  it('fails an unknown id as STREAMS_SCHEMA_UNKNOWN, a silent registry as STREAMS_REGISTRY_UNAVAILABLE after its timeout', async () => {
    const serde = confluentAvroSerde({ registryUrl: stub.url, registryTimeoutMs: 200 });
    await expect(serde.deserialize(framed(9, { n: 1 }), 'counts')).rejects.toMatchObject({
      code: 'STREAMS_SCHEMA_UNKNOWN',
    });
    await expect(serde.deserialize(framed(8, { n: 1 }), 'counts')).rejects.toMatchObject({
      code: 'STREAMS_REGISTRY_UNAVAILABLE',
    });
  });

  it('fails an unreachable registry as STREAMS_REGISTRY_UNAVAILABLE', async () => {
    const serde = confluentAvroSerde({ registryUrl: 'http://127.0.0.1:1' });
    await expect(serde.deserialize(framed(7, { n: 1 }), 'counts')).rejects.toMatchObject({
      code: 'STREAMS_REGISTRY_UNAVAILABLE',
    });
  });
});
