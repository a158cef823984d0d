/**
 * A Server-Sent Events parser for a fetch stream (EventSource cannot send the Authorization header
 * the live route authenticates with). Feed it decoded text as it arrives; it calls back once per
 * complete event. Pure, so it is tested without a network.
 */

/** One event of the stream. */
export interface StreamEvent {
  event: string;
  data: string;
  id?: string;
}

/** Parses the `text/event-stream` format (fields `event`, `data`, `id`, `retry`; comments ignored). */
export class EventStreamParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;
  /** The server's `retry:` in milliseconds, when it sent one. */
  retryMs: number | undefined;

  constructor(private readonly onEvent: (event: StreamEvent) => void) {}

  /** Adds text; complete lines are parsed, a partial line waits for the rest. */
  push(text: string): void {
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id') this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
  }

  private dispatch(): void {
    if (this.data.length > 0) {
      this.onEvent({
        event: this.event || 'message',
        data: this.data.join('\n'),
        ...(this.id !== undefined ? { id: this.id } : {}),
      });
    }
    this.event = '';
    this.data = [];
  }
}
