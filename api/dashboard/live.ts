/**
 * The live route (`/v1/channels/:channel/live`) read with fetch: it authenticates with the
 * Authorization header, which EventSource cannot send. Reconnects after the server ends a stream
 * (its lifetime) or the network drops it, refreshes the session when the access token expires
 * mid-stream, and stops for good on any other end (plan, role, untracked channel).
 */
import type { ApiSchema } from '../client';
import { call, lastRetryAfter } from './api';
import { reconnectDelay } from './backoff';
import { ApiFailure, SESSION_ENDED, retryAfterSeconds } from './api-errors';
import type { Granularity } from './format';
import { client, refreshSession } from './session';
import { EventStreamParser, type StreamEvent } from './sse';

type ChannelMetrics = ApiSchema<'ChannelMetrics'>;

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface LiveHandlers {
  windows: (metrics: ChannelMetrics) => void;
  state: (state: LiveState) => void;
  /** The stream ended for a reason reconnecting cannot fix. */
  failed: (failure: unknown) => void;
}

const DEFAULT_RETRY_MS = 2_000;

/** Follows the channel until `signal` aborts or the stream ends for good. */
export async function followLive(
  channel: string,
  granularity: Granularity,
  signal: AbortSignal,
  handlers: LiveHandlers,
): Promise<void> {
  let retryMs = DEFAULT_RETRY_MS;
  let failures = 0;
  let retryAfter: number | null = null;
  while (!signal.aborted) {
    handlers.state('connecting');
    try {
      const stream = await call(() =>
        client.GET('/v1/channels/{channel}/live', {
          params: { path: { channel }, query: { granularity } },
          parseAs: 'stream',
          signal,
        }),
      );
      if (!stream) throw new ApiFailure(502, 'EMPTY_STREAM', 'the live stream sent no body');
      handlers.state('live');
      failures = 0;
      const ended = await readEvents(stream, signal, handlers, (ms) => (retryMs = ms));
      if (ended && SESSION_ENDED.has(ended.code)) {
        if (!(await refreshSession())) throw ended;
      } else if (ended) {
        throw ended;
      }
    } catch (failure) {
      if (signal.aborted) return;
      // A refusal (plan, role, untracked channel, ended session) stays one: stop and say why.
      if (failure instanceof ApiFailure && failure.status < 500 && failure.status !== 429) {
        handlers.state('stopped');
        handlers.failed(failure);
        return;
      }
      failures += 1;
      retryAfter = failure instanceof ApiFailure ? retryAfterSeconds(lastRetryAfter) : null;
    }
    if (signal.aborted) return;
    handlers.state('reconnecting');
    await pause(reconnectDelay(retryMs, failures, retryAfter), signal);
  }
}

/** Reads events until the stream closes; resolves with the `end` event's failure, if one came. */
async function readEvents(
  stream: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  handlers: LiveHandlers,
  retry: (ms: number) => void,
): Promise<ApiFailure | undefined> {
  let ended: ApiFailure | undefined;
  const parser = new EventStreamParser((event) => {
    ended ??= handle(event, handlers);
  });
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(decoder.decode(value, { stream: true }));
    if (parser.retryMs !== undefined) retry(parser.retryMs);
  }
  return ended;
}

function handle(event: StreamEvent, handlers: LiveHandlers): ApiFailure | undefined {
  if (event.event === 'windows') {
    handlers.windows(JSON.parse(event.data) as ChannelMetrics);
    return undefined;
  }
  if (event.event !== 'end') return undefined;
  const { code, message } = JSON.parse(event.data) as { code: string; message: string };
  const status = SESSION_ENDED.has(code) ? 401 : code === 'PLAN_UPGRADE_REQUIRED' ? 402 : 403;
  return new ApiFailure(status, code, message);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
