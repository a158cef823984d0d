import { RecentAnswers } from './recent-answers';

describe('recent answers', () => {
  const answer = Buffer.from('"etag"\n{}');

  it('answers for a second, then no more', () => {
    const recent = new RecentAnswers(1000);
    recent.set('telegram:-1', 'day', answer, 10_000, 10_000);
    expect(recent.get('telegram:-1', 'day', 10_999)).toBe(answer);
    expect(recent.get('telegram:-1', 'day', 11_000)).toBeUndefined();
    expect(recent.get('telegram:-1', 'hour', 10_500)).toBeUndefined();
  });

  it("forgets a channel's answers at once, and only that channel's", () => {
    const recent = new RecentAnswers(1000);
    recent.set('telegram:-1', 'day', answer, 0, 0);
    recent.set('telegram:-2', 'day', answer, 0, 0);
    recent.forget(['telegram:-1'], 0);
    expect(recent.get('telegram:-1', 'day', 1)).toBeUndefined();
    expect(recent.get('telegram:-2', 'day', 1)).toBe(answer);
  });

  it('keeps no answer looked up before the channel was last forgotten (a lookup racing fresh data)', () => {
    const recent = new RecentAnswers(1000);
    recent.forget(['telegram:-1'], 100);
    recent.set('telegram:-1', 'day', answer, 99, 120);
    expect(recent.get('telegram:-1', 'day', 121)).toBeUndefined();
    recent.set('telegram:-1', 'day', answer, 101, 120);
    expect(recent.get('telegram:-1', 'day', 121)).toBe(answer);
  });

  it('stays within its size', () => {
    const recent = new RecentAnswers(1000, 2);
    recent.set('a', 'q', answer, 0, 0);
    recent.set('b', 'q', answer, 0, 0);
    recent.set('c', 'q', answer, 0, 0);
    expect([recent.get('a', 'q', 1), recent.get('c', 'q', 1)]).toEqual([undefined, answer]);
  });
});
