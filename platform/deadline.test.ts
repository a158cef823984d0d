import { withDeadline } from './deadline';

describe('withDeadline', () => {
  const late = (ms: number, value: string) =>
    new Promise<string>((resolve) => setTimeout(() => resolve(value), ms));

  it('settles with the work when it finishes first', async () => {
    await expect(withDeadline(late(5, 'done'), 1000, () => new Error('too slow'))).resolves.toBe('done');
    await expect(
      withDeadline(Promise.reject(new Error('broke')), 1000, () => new Error('too slow')),
    ).rejects.toThrow('broke');
  });

  it("rejects with the caller's error when the deadline passes first", async () => {
    await expect(withDeadline(late(1000, 'done'), 5, () => new Error('too slow'))).rejects.toThrow(
      'too slow',
    );
  });
});
