/**
 * A stream thread in a worker: loads the app's topology module, joins the group when the app's
 * thread says so (all threads at once, one rebalance), processes, and stops on request. Logs,
 * metric updates and a fatal error go to the app's thread.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { Admin, Kafka } from 'kafkajs';
import pino from 'pino';
import { StreamsError } from '../../errors';
import type { ExternalSink } from '../../external-sink';
import type { StreamsModuleInstance } from '../../streams-module';
import type { StreamThread } from './stream-thread';
import { sharedTaskLocks } from './task-locks';
import {
  type FromThread,
  type ThreadStart,
  type ToThread,
  serializeError,
  type SinkFailure,
  sinkError,
} from './thread-protocol';
import { type MetricUpdate, forwardingMetrics } from './thread-metrics';
import { newStreamThread, taskLayout } from './thread-setup';
import { checkAppSink, loadTopologyModule, topologyFingerprint } from './topology-module';

/** Metric updates are sent in batches, this often, and before the thread reports it stopped. */
const METRICS_FLUSH_MS = 250;

async function run(port: MessagePort, start: ThreadStart): Promise<void> {
  const post = (message: FromThread) => port.postMessage(message);
  const fatal = (error: unknown) => post({ type: 'fatal', error: serializeError(error) });
  const { settings, threadIndex } = start;
  const logger = pino(
    { level: start.logLevel, base: undefined, timestamp: false },
    { write: (line: string) => post({ type: 'log', line }) },
  );
  let updates: MetricUpdate[] = [];
  const flushMetrics = () => {
    if (updates.length > 0) post({ type: 'metrics', updates });
    updates = [];
  };
  const flusher = setInterval(flushMetrics, METRICS_FLUSH_MS);
  let instance: StreamsModuleInstance | undefined;
  let admin: Admin | undefined;
  let thread: StreamThread | undefined;
  let joining: Promise<void> | undefined;

  const join = async (module: StreamsModuleInstance, kafka: Kafka) => {
    admin = kafka.admin();
    await admin.connect();
    const layout = taskLayout(module.topology, start.partitions, settings.applicationId);
    const taskIds = layout.tasks.map((t) => t.taskId);
    thread = newStreamThread({
      topology: module.topology,
      partitions: start.partitions,
      settings,
      kafka,
      admin,
      metrics: forwardingMetrics((update) => updates.push(update)),
      logger,
      taskLocks: sharedTaskLocks(start.taskLocks, taskIds, threadIndex),
      onFatal: fatal,
    });
    await thread.start();
    post({ type: 'started' });
  };
  // Ends the worker: nothing of it may keep running once the app's thread hears `stopped`.
  const stop = async () => {
    await joining?.catch(() => undefined);
    await thread?.stop().catch(fatal);
    await admin?.disconnect().catch(() => undefined);
    await instance?.close?.().catch(fatal);
    clearInterval(flusher);
    flushMetrics();
    post({ type: 'stopped' });
    port.close();
  };
  const sinkWrites = new AppSinkWrites(post, start.appSinks);
  port.on('message', (message: ToThread) => {
    if (message.type === 'sink-done') sinkWrites.done(message.id, message.error);
    else if (message.type === 'stop') void stop();
    else if (instance?.kafka !== undefined) joining = join(instance, instance.kafka).catch(fatal);
  });
  try {
    instance = await loadTopologyModule(start.module, {
      role: 'run',
      threadIndex,
      applicationId: settings.applicationId,
      appSink: (name) => sinkWrites.sink(name),
    });
    if (topologyFingerprint(instance.topology) !== start.fingerprint)
      throw new StreamsError(
        'STREAMS_TOPOLOGY_INVALID',
        'the topology module built another topology in a stream thread than in the app: it must not depend on the thread',
      );
    post({ type: 'ready' });
  } catch (error) {
    fatal(error);
    await stop();
  }
}

/** Sinks of the app's thread, as this thread writes through them: each write sent, then awaited. */
class AppSinkWrites {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(): void; reject(error: Error): void }>();

  constructor(
    private readonly post: (message: FromThread) => void,
    private readonly names: readonly string[],
  ) {}

  sink<K, V>(name: string): ExternalSink<K, V> {
    checkAppSink(name, this.names);
    return {
      write: (records, context) =>
        new Promise<void>((resolve, reject) => {
          const id = (this.nextId += 1);
          this.pending.set(id, { resolve, reject });
          try {
            this.post({ type: 'sink-write', id, sink: name, records, context });
          } catch (error) {
            this.pending.delete(id);
            reject(error);
          }
        }),
    };
  }

  done(id: number, failure: SinkFailure | undefined): void {
    const write = this.pending.get(id);
    this.pending.delete(id);
    if (failure === undefined) write?.resolve();
    else write?.reject(sinkError(failure));
  }
}

if (parentPort !== null) void run(parentPort, workerData as ThreadStart);
