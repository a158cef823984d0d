import { callSignal } from './call-signal';

describe('callSignal', () => {
  it('aborts when the client closes, or after its timeout', async () => {
    const closing = new AbortController();
    const closed = callSignal(closing.signal, 60_000);
    closing.abort(new Error('closed'));
    expect(closed.signal.aborted).toBe(true);
    expect((closed.signal.reason as Error).message).toBe('closed');
    closed.done();
    const timed = callSignal(new AbortController().signal, 20);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect((timed.signal.reason as Error).message).toBe('no answer within 20 ms');
    expect(callSignal(closing.signal, 60_000).signal.aborted).toBe(true); // closed already
  });

  it('once done, is neither aborted by the client closing nor kept by it', () => {
    const closing = new AbortController();
    const added = jest.spyOn(closing.signal, 'addEventListener');
    const removed = jest.spyOn(closing.signal, 'removeEventListener');
    const call = callSignal(closing.signal, 60_000);
    call.done();
    closing.abort();
    expect(call.signal.aborted).toBe(false);
    expect(removed).toHaveBeenCalledWith('abort', added.mock.calls[0]![1]);
  });

  it('keeps no deadline timer once the client closing aborted it', () => {
    jest.useFakeTimers();
    try {
      const closing = new AbortController();
      callSignal(closing.signal, 60_000);
      closing.abort();
      callSignal(closing.signal, 60_000); // closed already
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
