import { EventStreamParser, type StreamEvent } from './sse';

function parse(...chunks: string[]): { events: StreamEvent[]; parser: EventStreamParser } {
  const events: StreamEvent[] = [];
  const parser = new EventStreamParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return { events, parser };
}

describe('EventStreamParser', () => {
  it('reads the live route: retry, comments, a windows event with its id, an end event', () => {
    const { events, parser } = parse(
      'retry: 2000\n\n',
      ': keep-alive\n\n',
      'event: windows\nid: abc\ndata: {"windows":[]}\n\n',
      'event: end\ndata: {"code":"TOKEN_EXPIRED","message":"expired"}\n\n',
    );
    expect(parser.retryMs).toBe(2000);
    expect(events).toEqual([
      { event: 'windows', id: 'abc', data: '{"windows":[]}' },
      { event: 'end', id: 'abc', data: '{"code":"TOKEN_EXPIRED","message":"expired"}' },
    ]);
  });

  it('waits for the rest of an event split across chunks, and for its blank line', () => {
    const { events } = parse('event: wind', 'ows\ndata: {"a"', ':1}\n');
    expect(events).toEqual([]);
    const more = parse('event: windows\ndata: {"a":1}\n', '\n');
    expect(more.events).toEqual([{ event: 'windows', data: '{"a":1}' }]);
  });

  it('joins data lines, accepts CRLF and defaults the event name', () => {
    const { events } = parse('data: one\r\ndata:two\r\n\r\n');
    expect(events).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('ignores an event without data and a bad retry', () => {
    const { events, parser } = parse('event: windows\n\nretry: soon\n\n');
    expect(events).toEqual([]);
    expect(parser.retryMs).toBeUndefined();
  });
});
