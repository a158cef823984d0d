/**
 * The signal of one outgoing call: aborted after `timeoutMs`, or at once when `closing` aborts
 * (the client is closed). `done()` unlinks it from `closing`. (`AbortSignal.any` would keep every
 * call's signal alive as long as the client's, one per call for the life of the process.)
 */
export function callSignal(
  closing: AbortSignal,
  timeoutMs: number,
): { signal: AbortSignal; done: () => void } {
  const call = new AbortController();
  const timer = setTimeout(() => call.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  // A call the client's closing aborted needs no deadline: its timer would hold the process open.
  const onClose = () => {
    clearTimeout(timer);
    call.abort(closing.reason);
  };
  if (closing.aborted) onClose();
  else closing.addEventListener('abort', onClose, { once: true });
  return {
    signal: call.signal,
    done: () => {
      clearTimeout(timer);
      closing.removeEventListener('abort', onClose);
    },
  };
}
