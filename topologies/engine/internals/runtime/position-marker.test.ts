import { positionMarker, readPositionMarker, resumePositions } from './position-marker';

describe('position markers', () => {
  it('round-trip the input positions of a task through a changelog record', () => {
    const record = positionMarker('app-counts-changelog', 3, new Map([['input', 42n]]), 1000);
    expect(record.partition).toBe(3);
    const message = {
      key: record.key,
      value: record.value,
      headers: record.headers ?? {},
      offset: '0',
      timestamp: '0',
      attributes: 0,
    };
    expect(readPositionMarker(message)).toEqual(new Map([['input', 42n]]));
    expect(readPositionMarker({ ...message, headers: {} })).toBeUndefined();
  });

  it('resume past committed offsets only when every changelog carries a marker ahead of them', () => {
    const committed = new Map([['input', 10n]]);
    expect(resumePositions(committed, [new Map([['input', 15n]]), new Map([['input', 14n]])], 2)).toEqual(
      new Map([['input', 14n]]),
    );
    expect(resumePositions(committed, [new Map([['input', 15n]])], 2)).toEqual(committed);
    expect(resumePositions(committed, [new Map([['input', 8n]])], 1)).toEqual(committed);
    expect(resumePositions(committed, [], 0)).toEqual(committed);
  });
});
