import pino from 'pino';
import { StreamsError } from '../../errors';
import { StreamsMetrics } from './streams-metrics';
import { deserializeError, relayLogLine, serializeError } from './thread-protocol';
import { MetricUpdates, type MetricUpdate, forwardingMetrics } from './thread-metrics';

describe('what stream threads tell the app thread', () => {
  it('carries an error with its code, retriability, details and stack', () => {
    const error = new StreamsError('STREAMS_PROCESSING_FAILED', 'boom', { details: { task: '0_1' } });
    const revived = deserializeError(structuredClone(serializeError(error)), 'app-StreamThread-2');
    expect(revived).toBeInstanceOf(StreamsError);
    expect(revived).toMatchObject({ code: 'STREAMS_PROCESSING_FAILED', message: 'boom', retriable: false });
    expect(revived.details).toEqual({ task: '0_1', thread: 'app-StreamThread-2' });
    expect(revived.stack).toBe(error.stack);
  });

  it('wraps anything else thrown as STREAMS_FAILED', () => {
    expect(serializeError(new Error('plain'))).toMatchObject({ code: 'STREAMS_FAILED', message: 'plain' });
  });

  it('applies forwarded metric updates, summing task counts over threads', async () => {
    const metrics = new StreamsMetrics();
    const apply = new MetricUpdates(metrics);
    const recorded: MetricUpdate[][] = [[], []];
    const threads = [0, 1].map((i) => forwardingMetrics((update) => recorded[i]!.push(update)));
    const application = 'app';
    threads[0]!.tasks.set({ application, state: 'running' }, 2);
    threads[1]!.tasks.set({ application, state: 'running' }, 1);
    threads[0]!.consumed.inc({ application, task: '0_0' }, 5);
    threads[1]!.consumed.inc({ application, task: '0_1' }, 7);
    threads[1]!.lag.set({ application, topic: 't', partition: '1' }, 3);
    threads[1]!.lag.remove({ application, topic: 't', partition: '1' });
    threads[0]!.commitSeconds.startTimer({ application })();
    recorded.forEach((updates, i) => apply.apply(i, structuredClone(updates)));

    const value = async (name: string) => (await metrics.registry.getSingleMetric(name)!.get()).values;
    expect((await value('streams_tasks')).find((v) => v.labels.state === 'running')?.value).toBe(3);
    expect((await value('streams_records_consumed_total')).map((v) => v.value).sort()).toEqual([5, 7]);
    expect(await value('streams_consumer_lag_records')).toEqual([]);
    const commits = await value('streams_commit_latency_seconds');
    expect(
      (commits as Array<{ metricName?: string; value: number }>).find(
        (v) => v.metricName === 'streams_commit_latency_seconds_count',
      )?.value,
    ).toBe(1);

    apply.forget(0);
    expect((await value('streams_tasks')).find((v) => v.labels.state === 'running')?.value).toBe(1);
  });

  it("relays a thread's log line through the app's logger at its level", () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const threadLog = pino(
      { level: 'info', base: undefined, timestamp: false },
      {
        write: (line: string) => relayLogLine(logger.child({ thread: 't-1' }), line),
      },
    );
    threadLog.warn({ task: '0_1', err: new Error('late') }, 'task start failed');
    threadLog.debug('not at this level');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 40,
      thread: 't-1',
      task: '0_1',
      err: { message: 'late' },
      msg: 'task start failed',
    });
  });
});
