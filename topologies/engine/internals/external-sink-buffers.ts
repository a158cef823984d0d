import type { ExternalSink, SinkContext, SinkOptions, SinkRecord } from '../external-sink';
import { StreamsError, describeFailure } from '../errors';

interface Buffered {
  readonly sink: ExternalSink<unknown, unknown>;
  readonly options: SinkOptions;
  records: SinkRecord<unknown, unknown>[];
}

const isRetriable = (error: unknown) => (error as { retriable?: unknown } | null)?.retriable === true;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a task's external sinks were given since the last commit. The checkpoint (the runtime's
 * commit) writes them out before input offsets are committed; a task given up drops them with
 * itself, and its replay gives them again.
 */
export class ExternalSinkBuffers {
  private readonly sinks = new Map<string, Buffered>();

  register(name: string, sink: ExternalSink<unknown, unknown>, options: SinkOptions): void {
    this.sinks.set(name, { sink, options, records: [] });
  }

  add(name: string, record: SinkRecord<unknown, unknown>): void {
    this.sinks.get(name)!.records.push(record);
  }

  get pending(): number {
    let total = 0;
    for (const buffered of this.sinks.values()) total += buffered.records.length;
    return total;
  }

  /**
   * Writes every buffer, retrying retriable failures with backoff. Fails as STREAMS_SINK_FAILED:
   * retriable when the last attempt was, so the runtime can replay the task instead of stopping.
   */
  async flush(context: SinkContext): Promise<void> {
    for (const [name, buffered] of this.sinks) {
      if (buffered.records.length === 0) continue;
      const batch = buffered.records;
      buffered.records = [];
      await this.write(name, buffered, batch, context);
    }
  }

  private async write(
    name: string,
    buffered: Buffered,
    batch: readonly SinkRecord<unknown, unknown>[],
    context: SinkContext,
  ): Promise<void> {
    const attempts = Math.max(1, buffered.options.maxAttempts ?? 5);
    let delay = buffered.options.retryBackoffMs ?? 100;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await buffered.sink.write(batch, context);
        return;
      } catch (error) {
        // Only what says so is retried: a failure the sink does not understand may be a bug.
        const retriable = isRetriable(error);
        if (retriable && attempt < attempts) {
          await sleep(delay);
          delay *= 2;
          continue;
        }
        const { code, message } = describeFailure(error, 'STREAMS_SINK_FAILED');
        throw new StreamsError(
          'STREAMS_SINK_FAILED',
          `sink ${name} of task ${context.taskId} failed after ${attempt} attempts: ${code}: ${message}`,
          { cause: error, retriable, details: { taskId: context.taskId, sink: name } },
        );
      }
    }
  }
}
