/** Socket error codes for a peer that was never reached. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Socket error codes for a connection that broke or went silent on the way. */
const BROKEN = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/**
 * How a call failed on the network, read from the error or any error it was caused by:
 * `not_reached` (nothing was sent, so retrying cannot repeat anything), `broken` (the request
 * may have arrived), or undefined for anything else.
 */
export function networkFailure(error: unknown): 'not_reached' | 'broken' | undefined {
  for (let cause = error; typeof cause === 'object' && cause !== null; cause = (cause as Error).cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (NOT_REACHED.has(code)) return 'not_reached';
    if (BROKEN.has(code)) return 'broken';
  }
  return undefined;
}
