/**
 * The engine tests' topology as a topology module, for apps on several stream threads: each
 * thread builds the windowed count (and its PostgreSQL sink) for itself.
 */
import { StreamsApp, type StreamsConfig, type Windowed, defineStreamsModule } from '../../topologies/engine';
import { testKafka } from './engine';
import { type WindowedCountOptions, windowedCountTopology } from './engine-topologies';
import { postgresWindowSink } from './postgres-window-sink';

export interface WindowedCountArgs extends WindowedCountOptions {
  readonly input: string;
  readonly output: string;
  /** A PostgreSQL table (see postgres-window-sink.ts) the windows are also written to. */
  readonly sinkTable?: string;
  /** A sink of the app's thread (StreamsConfig.appSinks) the windows are also written to. */
  readonly appSink?: string;
}

export const windowedCount = defineStreamsModule((args: WindowedCountArgs, context) => {
  const table = args.sinkTable === undefined ? undefined : postgresWindowSink(args.sinkTable);
  const external =
    args.appSink === undefined ? table : context.appSink<Windowed<string>, number>(args.appSink);
  return {
    topology: windowedCountTopology(args.input, args.output, args, { external }),
    ...(context.role === 'run' ? { kafka: testKafka() } : {}),
    close: async () => table?.close(),
  };
});

/** The module reference `new StreamsApp(...)` takes. */
export function windowedCountModule(args: WindowedCountArgs) {
  return { path: __filename, exportName: 'windowedCount', args };
}

/** How an engine test runs its app: in the test's own thread, or on worker stream threads. */
export type Threading = 'in-thread' | 'two threads';

/** The engine tests run where it matters both ways (`describe.each(THREADINGS)`). */
export const THREADINGS: readonly Threading[] = ['in-thread', 'two threads'];

/** The windowed count app, run the given way (no external sink: the sink tests use engine-child). */
export function windowedCountApp(
  threading: Threading,
  args: Omit<WindowedCountArgs, 'sinkTable'>,
  config: StreamsConfig,
): StreamsApp {
  return threading === 'in-thread'
    ? new StreamsApp(windowedCountTopology(args.input, args.output, args), config)
    : new StreamsApp(windowedCountModule(args), { ...config, numStreamThreads: 2 });
}
