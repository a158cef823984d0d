import { connect } from 'node:net';

/** What a slow client saw: the bytes answered, and when the server closed the connection. */
export interface SlowClientResult {
  answer: string;
  /** Milliseconds from the first byte sent to the server's close; undefined if it never closed. */
  closedAfterMs?: number;
}

/**
 * A client that sends `head` at once, then one character of `drip` every `intervalMs` (never
 * finishing the request), until the server closes the connection or `giveUpMs` has passed. It
 * is how a slow-loris client holds a server's connection, parser and body buffer.
 */
export function slowClient(
  port: number,
  head: string,
  options: { drip?: string; intervalMs?: number; giveUpMs: number },
): Promise<SlowClientResult> {
  const { drip = 'x', intervalMs = 250, giveUpMs } = options;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let answer = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearInterval(dripping);
      clearTimeout(givingUp);
      socket.destroy();
      resolve({ answer, ...(closed ? { closedAfterMs: Date.now() - started } : {}) });
    };
    const dripping = setInterval(() => socket.write(drip), intervalMs);
    const givingUp = setTimeout(() => finish(false), giveUpMs);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true)); // a reset after the server closed
    socket.write(head);
  });
}

/** The status code of the first answer in `text` (an HTTP/1.1 status line), if any. */
export function statusOf(text: string): number | undefined {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return match ? Number(match[1]) : undefined;
}
