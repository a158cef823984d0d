import { deadLetterHeaders } from '../connectors/kafka/dead-letter-headers';
import { DEAD_LETTER_HEADERS } from '../topologies/engine';

describe('dead-letter headers', () => {
  it('are named alike by the connectors and the stream engine, so one replay tool reads both', () => {
    const connectors = deadLetterHeaders({
      code: 'X',
      message: 'y',
      sourceTopic: 't',
      partition: 0,
      offset: '1',
    });
    expect(Object.keys(connectors).sort()).toEqual(Object.values(DEAD_LETTER_HEADERS).sort());
  });
});
