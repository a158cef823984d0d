import { decodeContainer, encodeContainer, writerType } from './avro-container';

const SCHEMA = JSON.stringify({
  type: 'record',
  name: 'Sample',
  doc: 'kept in the header',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'text', type: ['null', 'string'], default: null },
  ],
});

describe('Avro container files', () => {
  const type = writerType(SCHEMA);
  const values = [
    { id: 1, text: 'one' },
    { id: 2, text: null },
  ].map((value) => type.fromBuffer(type.toBuffer(value)));

  it('hold the values, the writer schema with its docs, and the metadata given', async () => {
    const file = await encodeContainer(SCHEMA, values, 'raw-data/x', { 'kafka.topic': 't' });
    const read = await decodeContainer(file);
    expect(read.values).toEqual(values);
    expect(JSON.parse(read.schema)).toEqual(JSON.parse(SCHEMA));
    expect(read.metadata['kafka.topic']).toBe('t');
    expect(read.metadata['avro.codec']).toBe('deflate');
  });

  it('are byte for byte the same for the same records and name, so a replay rewrites the same object', async () => {
    const first = await encodeContainer(SCHEMA, values, 'raw-data/x');
    const again = await encodeContainer(SCHEMA, values, 'raw-data/x');
    const other = await encodeContainer(SCHEMA, values, 'raw-data/y');
    expect(again.equals(first)).toBe(true);
    expect(other.equals(first)).toBe(false);
  });
});
