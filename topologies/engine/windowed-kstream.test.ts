import { Serdes, SessionWindows, SlidingWindows, StreamsBuilder, TimeWindows } from './index';

const str = Serdes.string();

/** Counts a grouped stream in `windows` with `retentionMs`, returning the built topology. */
function build(windows: TimeWindows | SlidingWindows | SessionWindows, retentionMs: number) {
  const builder = new StreamsBuilder();
  const grouped = builder.stream<string, string>('in', { keySerde: str, valueSerde: str }).groupByKey();
  if (windows instanceof SessionWindows) grouped.windowedBy(windows).count({ name: 'w', retentionMs });
  else grouped.windowedBy(windows).count({ name: 'w', retentionMs });
  return builder.build();
}

const invalid = (message: string) =>
  expect.objectContaining({ code: 'STREAMS_TOPOLOGY_INVALID', message: expect.stringContaining(message) });

describe('retention of windowed stores', () => {
  it('refuses less than the windows need to stay open, as Kafka Streams does', () => {
    expect(() => build(TimeWindows.ofSizeWithGrace(60, 10), 69)).toThrow(invalid('(70 ms), got 69'));
    expect(() => build(SlidingWindows.ofTimeDifferenceAndGrace(10, 5), 24)).toThrow(
      invalid('twice the time difference plus grace (25 ms), got 24'),
    );
    expect(() => build(SessionWindows.ofInactivityGapAndGrace(10, 5), 14)).toThrow(
      invalid('gap plus grace (15 ms), got 14'),
    );
  });

  it('accepts exactly that much', () => {
    expect(() => build(TimeWindows.ofSizeWithGrace(60, 10), 70)).not.toThrow();
    expect(() => build(SlidingWindows.ofTimeDifferenceAndGrace(10, 5), 25)).not.toThrow();
    expect(() => build(SessionWindows.ofInactivityGapAndGrace(10, 5), 15)).not.toThrow();
  });
});
