import { type RequestListener, type Server, type ServerOptions, createServer } from 'node:http';

/**
 * How often Node compares requests in progress with their deadlines. Node's default (30 s) lets a
 * deadline slip by that much; a pass over open connections each second costs little.
 */
const DEADLINE_CHECK_INTERVAL_MS = 1000;

export interface ListenOptions {
  host: string;
  port: number;
  /** The client must have sent every header within this (ms), or gets 408 and the socket closes. */
  headersTimeoutMs: number;
  /** ... and the whole request, body included, within this (ms). Answers (a live stream) are not bound. */
  requestTimeoutMs: number;
}

/** A listening HTTP server and the port it got (the one asked for, or the system's choice for 0). */
export interface Listening {
  server: Server;
  port: number;
}

/**
 * Starts an HTTP server whose clients must deliver their requests in time: a client that trickles
 * headers or a body a byte at a time is cut off at the deadline instead of holding a connection
 * (and a parser, and a body buffer) for minutes. Node's own defaults are 60 s for headers and
 * 300 s for the whole request, checked every 30 s.
 */
export function listenHttp(
  options: ListenOptions,
  handler: RequestListener,
  serverOptions: ServerOptions = {},
): Promise<Listening> {
  const server = createServer(
    {
      ...serverOptions,
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      connectionsCheckingInterval: DEADLINE_CHECK_INTERVAL_MS,
    },
    handler,
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : options.port });
    });
  });
}

/** Stops taking connections and resolves once the open ones have ended (idle ones at once). */
export function closeHttp(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
