import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { productTopologies } from './product-topologies';

describe('docs/topologies.md', () => {
  const docs = readFileSync(join(__dirname, '..', 'docs', 'topologies.md'), 'utf8');

  it.each(Object.entries(productTopologies()))('shows what describe() says of %s', (_name, topology) => {
    expect(docs).toContain(topology.describe().toString().trim());
  });
});
