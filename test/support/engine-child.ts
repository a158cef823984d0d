/**
 * A stream app in a process of its own, for tests that kill it: `node --import tsx
 * test/support/engine-child.ts '<json options>'`. Prints `running` once started; SIGTERM stops it
 * gracefully; SIGKILL (what the tests send) gives it no chance to clean up.
 */
import pino from 'pino';
import { StreamsApp } from '../../topologies/engine';
import { testKafka } from './engine';
import { postgresWindowSink } from './postgres-window-sink';
import { type WindowedCountOptions, windowedCountTopology } from './engine-topologies';
import { windowedCountModule } from './engine-modules';

interface ChildOptions extends WindowedCountOptions {
  readonly applicationId: string;
  readonly input: string;
  readonly output: string;
  readonly guarantee: 'at_least_once' | 'exactly_once';
  readonly stateDir?: string;
  /** A PostgreSQL table (see postgres-window-sink.ts) the windows are also written to. */
  readonly sinkTable?: string;
  /** Stream threads (worker threads, the topology from engine-modules.ts); default in the main thread. */
  readonly threads?: number;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
  const threaded = options.threads !== undefined;
  const external =
    options.sinkTable === undefined || threaded ? undefined : postgresWindowSink(options.sinkTable);
  const topology = threaded
    ? windowedCountModule(options)
    : windowedCountTopology(options.input, options.output, options, { external });
  const app = new StreamsApp(topology, {
    applicationId: options.applicationId,
    ...(threaded ? { numStreamThreads: options.threads } : {}),
    kafka: testKafka(),
    processingGuarantee: options.guarantee,
    sessionTimeoutMs: 6_000,
    ...(process.env.ENGINE_CHILD_LOG
      ? {
          logger: pino(
            { level: 'debug' },
            pino.destination({ dest: process.env.ENGINE_CHILD_LOG, append: true, sync: true }),
          ),
        }
      : {}),
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
  });
  app.onError((error) => {
    process.stderr.write(`failed: ${error.code} ${error.message}\n`);
    process.exit(2);
  });
  process.on('SIGTERM', () => {
    void app
      .stop()
      .then(() => external?.close())
      .then(() => process.exit(0));
  });
  await app.start();
  process.stdout.write('running\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
