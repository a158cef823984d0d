import { parseArgs } from 'node:util';
import pino from 'pino';
import { type ProcessingGuarantee, StreamsApp, type StreamsConfig } from '../../topologies/engine';
import { engineTopology, engineTopologyModule } from './engine-topology';
import { benchKafka } from './kafka-client';
import { threadLine } from './thread-lines';

/**
 * The benchmark's engine contender: the topology of `engine-topology.ts`, on `--threads N` stream
 * threads (worker threads; default the engine's: the machine's cores, at most the 4 tasks), or
 * with `--inline` on this thread as a `Topology` object (the path before stream threads).
 *
 * Usage: `--mode at_least_once|exactly_once --brokers B --registry URL --input T --output T
 * --application-id ID [--state-dir DIR] [--threads N | --inline]`. Runs until SIGTERM/SIGINT.
 */
const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'at_least_once' },
    brokers: { type: 'string', default: '127.0.0.1:19092' },
    registry: { type: 'string' },
    input: { type: 'string' },
    output: { type: 'string' },
    'application-id': { type: 'string' },
    'state-dir': { type: 'string' },
    threads: { type: 'string' },
    inline: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const { registry, input, output, 'application-id': applicationId } = args;
  if (!registry || !input || !output || !applicationId) {
    throw new Error('--registry, --input, --output and --application-id are required');
  }
  const threads = threadCount();
  const brokers = args.brokers.split(',');
  const config: Omit<StreamsConfig, 'kafka'> = {
    applicationId,
    processingGuarantee: args.mode as ProcessingGuarantee,
    logger: pino({ level: 'warn' }),
    ...(args['state-dir'] ? { stateDir: args['state-dir'] } : {}),
  };
  const app = args.inline
    ? new StreamsApp(engineTopology({ input, output, registry }), {
        ...config,
        kafka: benchKafka(brokers, 'bench-engine'),
      })
    : new StreamsApp(engineTopologyModule({ input, output, registry, brokers }), {
        ...config,
        // The app's own thread only plans and creates topics: each stream thread has its client.
        kafka: benchKafka(brokers, 'bench-engine-app'),
        ...(threads === undefined ? {} : { numStreamThreads: threads }),
      });
  app.onError((error) => {
    process.stderr.write(`engine: ${error.code} ${error.message}\n`);
    process.exit(1);
  });
  const stop = async (): Promise<void> => {
    await app.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  const startedAt = performance.now();
  await app.start();
  if (args.inline) process.stderr.write(threadLine(0, 'inline'));
  process.stderr.write(
    `bench-engine: started in ${Math.round(performance.now() - startedAt)} ms ` +
      `(${args.inline ? 'inline' : `threads asked: ${threads ?? 'engine default'}`})\n`,
  );
}

/** `--threads N`, a positive integer; undefined for the engine's default. */
function threadCount(): number | undefined {
  if (args.threads === undefined) return undefined;
  if (args.inline) throw new Error('--inline runs one thread: give --threads or --inline, not both');
  const value = Number(args.threads);
  if (!Number.isInteger(value) || value < 1) throw new Error('--threads must be a positive integer');
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `engine: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
