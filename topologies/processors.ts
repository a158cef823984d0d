import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { ProcessorTables } from './sink-ports';
import type { StripeEventRecord } from '../schemas/records/stripe-event';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { Pool } from '../platform/clients/postgres';
import type { AvroSerde } from '../schemas/serde/avro-serde';
import { TOPICS, type TopicNames } from '../schemas/topics';
import type { Config } from '../platform/config';
import { CONTENT_APP_SINKS, type ContentAppSinkName, contentAppSinks } from './content-app';
import { contentStreamsModule, contentTopology } from './content-streams';
import {
  clickhouseContentSink,
  clickhouseGroupActivitySinks,
  clickhouseWindowSinks,
  telegramChatSink,
} from './content-sinks';
import {
  type ExternalSink,
  StreamsApp,
  type StreamsConfig,
  type StreamsError,
  type Topology,
  type TopologyModule,
} from './engine';
import { measuredSink } from './measured-sink';
import { rawArchiveTopology, type RawArchiveApp } from './raw-archive';
import { productAvroSerde } from './product-serdes';
import { subscriptionStateSink, subscriptionStateTopology } from './subscription-state';

export interface ProcessorsDeps {
  readonly kafka: Kafka;
  /** What stream threads build their own Kafka clients from. */
  readonly kafkaConfig: Config['kafka'];
  /** The content app's stream threads: 1 runs it in this thread, more in worker threads. */
  readonly streamThreads: number;
  readonly registryUrl: string;
  /** Consumer group and internal-topic prefix of each app. */
  readonly contentApplicationId: string;
  readonly billingApplicationId: string;
  readonly topics: TopicNames;
  readonly serde: AvroSerde;
  /** Where the topologies' sinks write (ClickHouse and PostgreSQL, from the composition root). */
  readonly tables: ProcessorTables;
  /** Where the apps keep their persistent stores. */
  readonly stateDir: string;
  readonly postgres: Pool;
  readonly prices: { pro: string; enterprise: string };
  readonly metrics: Metrics;
  readonly registry: Registry;
  readonly logger: Logger;
  /** Told which channels got fresher data (the API drops their cached answers). */
  readonly onWindowsUpdated?: (channels: string[]) => Promise<void>;
  /** An app stopped on an error it cannot handle: the process should exit and be restarted. */
  readonly onFatal: (error: StreamsError) => void;
  /** The raw archive into the lake (topologies/raw-archive.ts); absent: not run. */
  readonly rawArchive?: RawArchiveApp;
}

/**
 * A killed member's partitions wait for its session to time out (kafkajs has no static
 * membership), and a restarted process joins only then: 6 s, with a heartbeat every second, keeps
 * a restart's first commit under 10 s. A stopped member leaves the group at once. kafkajs
 * heartbeats between batches, so a commit (sink writes included) longer than this costs a
 * rebalance, never data: the task's uncommitted work is redone by its next owner.
 */
const SESSION_TIMEOUT_MS = 6_000;

/**
 * The processors role: the product's topologies on the stream engine, in two apps so that billing
 * never waits on content. content: raw Telegram, X and audience records → social.posts.v1,
 * social.engagement.v1, the ClickHouse content tables, the channel-activity, audience and
 * group-activity windows; subscription-state: billing events →
 * PostgreSQL. Both exactly-once to Kafka, effectively once into the databases (sinks at commit).
 * A third, raw-archive, copies the input topics into the lake, at least once, into objects a replay
 * rewrites (docs/lake.md).
 */
export class Processors {
  private apps: StreamsApp[] = [];

  constructor(private readonly deps: ProcessorsDeps) {}

  async start(): Promise<void> {
    const content = await this.contentApp();
    const billing = this.app(this.deps.billingApplicationId, await this.billingTopology(), 'billing');
    this.apps = [content, billing];
    const archive = this.deps.rawArchive;
    if (archive) {
      const topology = rawArchiveTopology(archive.topics, archive.archive, (sink) =>
        this.measured(sink, 'raw-archive'),
      );
      // At least once is enough: it writes nothing to Kafka, and its files are named by offsets.
      const options = {
        processingGuarantee: 'at_least_once',
        commitIntervalMs: archive.commitIntervalMs,
      } as const;
      this.apps.push(this.app(archive.applicationId, topology, 'raw-archive', options));
    }
    await Promise.all(this.apps.map((app) => app.start()));
  }

  /** Commits what is processed, leaves the groups, closes the stores. */
  async stop(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop()));
  }

  /** Running (tasks assigned or not): the group is joined and the apps have not failed. */
  get running(): boolean {
    return this.apps.length > 0 && this.apps.every((app) => app.state === 'running');
  }

  private app(
    applicationId: string,
    topology: Topology | TopologyModule,
    name: string,
    options: Partial<StreamsConfig> = {},
  ): StreamsApp {
    const app = new StreamsApp(topology, {
      applicationId,
      kafka: this.deps.kafka,
      processingGuarantee: 'exactly_once',
      // A record a normalizer cannot read goes to the dead-letter topic with its reason.
      processingErrors: 'dead-letter',
      registry: this.deps.registry,
      logger: this.deps.logger.child({ topology: name }),
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      stateDir: this.deps.stateDir,
      ...options,
    });
    app.onError((error) => this.deps.onFatal(error));
    return app;
  }

  /**
   * On one stream thread the content app runs in this thread; on more, each is a worker that
   * builds the topology itself and writes the databases through the sinks here.
   */
  private async contentApp(): Promise<StreamsApp> {
    const { serde, registryUrl, topics, streamThreads, contentApplicationId } = this.deps;
    const sinks = this.contentSinks();
    if (streamThreads <= 1) {
      const topology = await contentTopology(
        topics,
        serde,
        registryUrl,
        contentAppSinks((name) => sinks[name]),
      );
      return this.app(contentApplicationId, topology, 'content');
    }
    const module = contentStreamsModule({
      kafka: this.deps.kafkaConfig,
      registryUrl,
      logLevel: this.deps.logger.level,
    });
    return this.app(contentApplicationId, module, 'content', {
      numStreamThreads: streamThreads,
      appSinks: sinks,
    });
  }

  /** The content app's sinks by name, each measured; the content sink also counts its rows. */
  private contentSinks(): Record<ContentAppSinkName, ExternalSink<never, never>> {
    const { tables, logger, onWindowsUpdated, metrics } = this.deps;
    const windows = clickhouseWindowSinks(tables.windows);
    const groups = clickhouseGroupActivitySinks(tables.groups);
    const content = clickhouseContentSink(tables.content, onWindowsUpdated);
    const sinks = {
      [CONTENT_APP_SINKS.chats]: telegramChatSink(tables.chats, logger),
      [CONTENT_APP_SINKS.content]: {
        write: async (records, context) => {
          await content.write(records, context);
          metrics.processorRecords.inc({ topology: 'channel-content', outcome: 'processed' }, records.length);
        },
      } satisfies typeof content,
      [CONTENT_APP_SINKS.activity]: windows.activity,
      [CONTENT_APP_SINKS.audience]: windows.audience,
      [CONTENT_APP_SINKS.members]: groups.members,
      [CONTENT_APP_SINKS.replies]: groups.replies,
      [CONTENT_APP_SINKS.groups]: groups.groups,
    };
    return Object.fromEntries(
      Object.entries(sinks).map(([name, sink]) => [
        name,
        this.measured(sink as ExternalSink<never, never>, name),
      ]),
    ) as Record<ContentAppSinkName, ExternalSink<never, never>>;
  }

  private async billingTopology(): Promise<Topology> {
    const { serde, registryUrl, topics } = this.deps;
    return subscriptionStateTopology(
      topics.of(TOPICS.stripeEvents),
      await productAvroSerde<StripeEventRecord>(serde, registryUrl, TOPICS.stripeEvents),
      this.measured(subscriptionStateSink(this.deps), 'subscription-state'),
    );
  }

  /** A sink timed and traced (topologies/measured-sink.ts): write latency, freshness, a span. */
  private measured<K, V>(sink: ExternalSink<K, V>, name: string): ExternalSink<K, V> {
    return measuredSink(sink, name, this.deps.metrics);
  }
}
