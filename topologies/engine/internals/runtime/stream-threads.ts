import { once } from 'node:events';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { StreamsError } from '../../errors';
import type { ExternalSink } from '../../external-sink';
import type { TopologyModule } from '../../streams-module';
import type { EngineMetrics } from './streams-metrics';
import { releaseThreadTasks, taskLockTable } from './task-locks';
import {
  type FromThread,
  type ThreadStart,
  type ToThread,
  deserializeError,
  relayLogLine,
  reviveSinkRecords,
  sinkFailure,
} from './thread-protocol';
import { MetricUpdates } from './thread-metrics';
import type { ThreadSettings } from './thread-setup';

export interface StreamThreadsOptions {
  readonly count: number;
  readonly module: TopologyModule;
  readonly settings: ThreadSettings;
  readonly partitions: ReadonlyMap<number, number>;
  readonly taskCount: number;
  readonly fingerprint: string;
  readonly logger: Logger;
  readonly metrics: EngineMetrics;
  /** Sinks stream threads write through (`StreamsConfig.appSinks`). */
  readonly appSinks: Readonly<Record<string, ExternalSink<unknown, unknown>>>;
  /** A stream thread failed, or died, after the start. */
  readonly onFatal: (error: StreamsError) => void;
}

/**
 * V8 sizes a worker's young generation like a main thread's (192 MB on this kind of machine), and
 * a stream thread fills it between collections: with two threads that cost about 400 MB of peak
 * RSS. At 24 MB (8 MB semi-spaces) the benchmark ran as fast or faster, 150 to 220 MB lighter
 * (docs/benchmarks.md).
 */
const YOUNG_GENERATION_MB = 24;

/** How long a stream thread may take to commit, leave the group and close before it is terminated. */
const STOP_PATIENCE_MS = 30_000;

// Workers get no TypeScript loader from the parent (neither ts-jest's nor, reliably, tsx's
// `--import`): from sources, the worker registers tsx itself before loading the thread.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.tsx) require(workerData.tsx).register();
require(workerData.entry);
`;

const extension = extname(__filename);
const workerEntry = join(__dirname, `thread-worker${extension}`);
const tsxLoader = (): string | undefined =>
  extension === '.ts' ? require.resolve('tsx/cjs/api') : undefined;

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

interface ThreadHandle {
  readonly index: number;
  readonly name: string;
  readonly worker: Worker;
  readonly ready: Deferred;
  readonly started: Deferred;
  readonly exited: Promise<unknown>;
  alive: boolean;
}

/**
 * The app's stream threads, each a worker with its own group member, producers and stores (as
 * Kafka Streams' `num.stream.threads`). They start together so the group forms in one rebalance;
 * the first failure of any of them stops them all.
 */
export class StreamThreads {
  private readonly threads: ThreadHandle[] = [];
  private readonly lockTable: SharedArrayBuffer;
  private readonly metricUpdates: MetricUpdates;
  private starting = true;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: StreamThreadsOptions) {
    this.lockTable = taskLockTable(options.taskCount);
    this.metricUpdates = new MetricUpdates(options.metrics);
  }

  async start(): Promise<void> {
    for (let index = 0; index < this.options.count; index += 1) this.threads.push(this.spawn(index));
    try {
      await Promise.all(this.threads.map((t) => t.ready.promise));
      for (const thread of this.threads) this.send(thread, { type: 'join' });
      await Promise.all(this.threads.map((t) => t.started.promise));
      this.starting = false;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Each thread commits, leaves the group and closes its stores; all at once. */
  stop(): Promise<void> {
    this.stopping ??= Promise.all(this.threads.map((thread) => this.stopThread(thread))).then(
      () => undefined,
    );
    return this.stopping;
  }

  private spawn(index: number): ThreadHandle {
    const { settings } = this.options;
    const start: ThreadStart = {
      module: this.options.module,
      threadIndex: index,
      settings,
      partitions: this.options.partitions,
      fingerprint: this.options.fingerprint,
      taskLocks: this.lockTable,
      logLevel: this.options.logger.level,
      appSinks: Object.keys(this.options.appSinks),
    };
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      workerData: { ...start, entry: workerEntry, tsx: tsxLoader() },
    });
    const thread: ThreadHandle = {
      index,
      name: `${settings.applicationId}-StreamThread-${index + 1}`,
      worker,
      ready: deferred(),
      started: deferred(),
      exited: once(worker, 'exit'),
      alive: true,
    };
    const logger = this.options.logger.child({ thread: thread.name });
    worker.on('message', (message: FromThread) => this.onMessage(thread, logger, message));
    worker.on('error', (error) =>
      this.failed(
        thread,
        new StreamsError('STREAMS_FAILED', `${thread.name} died: ${error.message}`, { cause: error }),
      ),
    );
    worker.on('exit', (code) => {
      thread.alive = false;
      releaseThreadTasks(this.lockTable, index);
      this.metricUpdates.forget(index);
      if (this.stopping === undefined)
        this.failed(thread, new StreamsError('STREAMS_FAILED', `${thread.name} exited (code ${code})`));
    });
    return thread;
  }

  private onMessage(thread: ThreadHandle, logger: Logger, message: FromThread): void {
    switch (message.type) {
      case 'ready':
        return thread.ready.resolve();
      case 'started':
        return thread.started.resolve();
      case 'log':
        return relayLogLine(logger, message.line);
      case 'metrics':
        return this.metricUpdates.apply(thread.index, message.updates);
      case 'fatal':
        return this.failed(thread, deserializeError(message.error, thread.name));
      case 'sink-write':
        return void this.writeAppSink(thread, message);
      case 'stopped':
        return;
    }
  }

  /** Writes for a stream thread and tells it how it went (it awaits the answer in its commit). */
  private async writeAppSink(
    thread: ThreadHandle,
    message: Extract<FromThread, { type: 'sink-write' }>,
  ): Promise<void> {
    try {
      await this.options.appSinks[message.sink]!.write(reviveSinkRecords(message.records), message.context);
      this.send(thread, { type: 'sink-done', id: message.id });
    } catch (error) {
      this.send(thread, { type: 'sink-done', id: message.id, error: sinkFailure(error) });
    }
  }

  /** Before the start completes, the start fails; afterwards, the app does. */
  private failed(thread: ThreadHandle, error: StreamsError): void {
    thread.ready.reject(error);
    thread.started.reject(error);
    if (!this.starting && this.stopping === undefined) this.options.onFatal(error);
  }

  private async stopThread(thread: ThreadHandle): Promise<void> {
    if (!thread.alive) return;
    this.send(thread, { type: 'stop' });
    const backstop = setTimeout(() => void thread.worker.terminate(), STOP_PATIENCE_MS);
    await thread.exited;
    clearTimeout(backstop);
  }

  private send(thread: ThreadHandle, message: ToThread): void {
    if (thread.alive) thread.worker.postMessage(message);
  }
}
