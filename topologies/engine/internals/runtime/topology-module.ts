import { createHash } from 'node:crypto';
import { StreamsError } from '../../errors';
import type {
  StreamsModule,
  StreamsModuleContext,
  StreamsModuleInstance,
  TopologyModule,
} from '../../streams-module';
import { Topology } from '../../topology';

/** Loads a topology module and calls it; a module that is not one fails with a clear error. */
export async function loadTopologyModule(
  module: TopologyModule,
  context: StreamsModuleContext,
): Promise<StreamsModuleInstance> {
  const exportName = module.exportName ?? 'default';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named at run time
  const exported = (require(module.path) as Record<string, unknown>)[exportName];
  if (typeof exported !== 'function')
    throw invalid(`${module.path} has no function export "${exportName}" (see defineStreamsModule)`);
  const instance = await (exported as StreamsModule<unknown>)(module.args, context);
  if (!(instance?.topology instanceof Topology))
    throw invalid(`${module.path} "${exportName}" returned no topology`);
  if (context.role === 'run' && instance.kafka === undefined)
    throw invalid(`${module.path} "${exportName}" returned no Kafka client for its stream thread`);
  return instance;
}

/** What the module sees in the app's own thread: the topology is all it is asked for. */
export function planContext(applicationId: string, appSinks: readonly string[]): StreamsModuleContext {
  return {
    role: 'plan',
    threadIndex: -1,
    applicationId,
    appSink: (name) => {
      checkAppSink(name, appSinks);
      return {
        write: () => Promise.reject(new StreamsError('STREAMS_FAILED', 'a planning module does not write')),
      };
    },
  };
}

export function checkAppSink(name: string, appSinks: readonly string[]): void {
  if (!appSinks.includes(name))
    throw invalid(`no app sink "${name}" (StreamsConfig.appSinks has ${appSinks.join(', ') || 'none'})`);
}

/** Equal in every thread that built the same topology: task ids mean the same work everywhere. */
export function topologyFingerprint(topology: Topology): string {
  return createHash('sha256').update(topology.describe()).digest('hex');
}

function invalid(message: string): StreamsError {
  return new StreamsError('STREAMS_TOPOLOGY_INVALID', message);
}
