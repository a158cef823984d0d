/**
 * The engine tests' topology as a topology module, for apps on several stream threads: each
 * thread builds the windowed count (and its PostgreSQL sink) for itself.
 */
import { defineStreamsModule } from '../../topologies/engine';
import { testKafka } from './engine';
import { type WindowedCountOptions, windowedCountTopology } from './engine-topologies';
import { postgresWindowSink } from './postgres-window-sink';

export interface WindowedCountArgs extends WindowedCountOptions {
  readonly input: string;
  readonly output: string;
  /** A PostgreSQL table (see postgres-window-sink.ts) the windows are also written to. */
  readonly sinkTable?: string;
}

export const windowedCount = defineStreamsModule((args: WindowedCountArgs, context) => {
  const external = args.sinkTable === undefined ? undefined : postgresWindowSink(args.sinkTable);
  return {
    topology: windowedCountTopology(args.input, args.output, args, { external }),
    ...(context.role === 'run' ? { kafka: testKafka() } : {}),
    close: async () => external?.close(),
  };
});

/** The module reference `new StreamsApp(...)` takes. */
export function windowedCountModule(args: WindowedCountArgs) {
  return { path: __filename, exportName: 'windowedCount', args };
}
