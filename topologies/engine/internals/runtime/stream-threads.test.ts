import { join } from 'node:path';
import pino from 'pino';
import { Kafka } from 'kafkajs';
import { StreamsError } from '../../errors';
import { StreamsApp } from '../../streams-app';
import { StreamThreads } from './stream-threads';
import { StreamsMetrics } from './streams-metrics';
import { threadSettings } from './thread-setup';
import { loadTopologyModule, planContext, topologyFingerprint } from './topology-module';
import { copyTopic } from './topology-modules.fixture';

const path = join(__dirname, 'topology-modules.fixture.ts');
const args = { input: 'in' };

/** Real worker threads, loading the fixture module; each fails before it would join a group. */
const threads = async (exportName: string) => {
  const planned = await loadTopologyModule({ path, exportName: 'copyTopic', args }, planContext('app', []));
  return new StreamThreads({
    count: 2,
    module: { path, exportName, args },
    settings: threadSettings({ applicationId: 'app' }),
    partitions: new Map([[0, 2]]),
    taskCount: 2,
    fingerprint: topologyFingerprint(planned.topology),
    logger: pino({ level: 'silent' }),
    metrics: new StreamsMetrics(),
    appSinks: {},
    onFatal: () => undefined,
  });
};

describe('stream threads (worker threads)', () => {
  it.each([
    ['dependsOnThread', /another topology in a stream thread/],
    ['clientless', /no Kafka client for its stream thread/],
    ['notAModule', /no function export "notAModule"/],
    ['missing', /no function export "missing"/],
    ['writesToAppSink', /no app sink "collected" \(StreamsConfig.appSinks has none\)/],
  ])('refuse a module whose %s export cannot run, and end every worker', async (exportName, message) => {
    const app = await threads(exportName);
    const failure = await app.start().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StreamsError);
    expect(failure).toMatchObject({
      code: 'STREAMS_TOPOLOGY_INVALID',
      message: expect.stringMatching(message),
    });
    await app.stop();
  });

  it('load a module with the topology the app planned', async () => {
    const planned = await copyTopic(args, planContext('app', []));
    expect(planned.kafka).toBeUndefined();
    expect(planned.topology.describe()).toContain('in-copy');
  });
});

describe('StreamsApp with stream threads', () => {
  const kafka = new Kafka({ clientId: 'unit', brokers: ['127.0.0.1:9'] });

  it('runs a Topology object on one thread only', () => {
    const topology = (copyTopic(args, planContext('app', [])) as { topology: never }).topology;
    expect(() => new StreamsApp(topology, { applicationId: 'app', kafka, numStreamThreads: 2 })).toThrow(
      /give a topology module/,
    );
  });

  it('refuses a thread count that is not a whole number of at least one', () => {
    expect(
      () =>
        new StreamsApp(
          { path, exportName: 'copyTopic', args },
          { applicationId: 'app', kafka, numStreamThreads: 0 },
        ),
    ).toThrow(/numStreamThreads/);
  });

  it('refuses module arguments that cannot cross threads', () => {
    expect(
      () =>
        new StreamsApp(
          { path, exportName: 'copyTopic', args: { input: () => 'in' } },
          { applicationId: 'app', kafka },
        ),
    ).toThrow(/could not be cloned/);
  });

  it('has no interactive queries over stores in other threads', () => {
    const app = new StreamsApp({ path, exportName: 'copyTopic', args }, { applicationId: 'app', kafka });
    expect(() => app.keyValueStore('counts').get('a')).toThrow(/interactive queries/);
  });
});
